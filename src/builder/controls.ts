import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Option } from './data.js';
import type { BuilderAttribute } from './types.js';

/** One attribute's control: its label (the attribute's name), hint, live options and problem. */
export interface ControlModel {
  attr: BuilderAttribute;
  value: string;
  /** Live data for it (brands, models, …); undefined when it has none or it has not arrived. */
  options?: Option[];
  problem?: string;
  onChange: (name: string, value: string) => void;
}

const valueOf = (e: Event): string => (e.target as HTMLInputElement | HTMLSelectElement).value;

function describedBy(name: string, m: ControlModel): string | undefined {
  const ids = [m.problem ? `err-${name}` : '', m.attr.description ? `hint-${name}` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function input(m: ControlModel): TemplateResult {
  const { attr, value } = m;
  const id = `attr-${attr.name}`;
  const common = { id, describedby: describedBy(attr.name, m), invalid: m.problem ? 'true' : 'false' };
  if (attr.kind === 'boolean') {
    return html`<input
      id=${common.id}
      type="checkbox"
      .checked=${value === '' ? false : value !== 'false'}
      aria-describedby=${ifDefined(common.describedby)}
      @change=${(e: Event) => m.onChange(attr.name, (e.target as HTMLInputElement).checked ? 'true' : '')}
    />`;
  }
  if (attr.kind === 'choice') {
    const known = !value || (attr.choices ?? []).includes(value);
    return html`<select
      id=${common.id}
      aria-invalid=${common.invalid}
      aria-describedby=${ifDefined(common.describedby)}
      @change=${(e: Event) => m.onChange(attr.name, valueOf(e))}
    >
      <option value="" ?selected=${!value}>Default${attr.default ? ` (${attr.default})` : ''}</option>
      ${(attr.choices ?? []).map((c) => html`<option value=${c} ?selected=${c === value}>${c}</option>`)}
      ${known ? nothing : html`<option value=${value} selected>${value}</option>`}
    </select>`;
  }
  const list = m.options ? `list-${attr.name}` : undefined;
  return html`<input
      id=${common.id}
      type="text"
      inputmode=${attr.kind === 'number' ? 'numeric' : 'text'}
      autocomplete="off"
      spellcheck="false"
      .value=${value}
      placeholder=${ifDefined(attr.default ? `Default: ${attr.default}` : undefined)}
      list=${ifDefined(list)}
      aria-invalid=${common.invalid}
      aria-describedby=${ifDefined(common.describedby)}
      @input=${(e: Event) => m.onChange(attr.name, valueOf(e))}
    />
    ${
      m.options
        ? html`<datalist id=${list ?? ''}>
          ${m.options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
        </datalist>`
        : nothing
    }`;
}

export function renderControl(m: ControlModel): TemplateResult {
  const { attr } = m;
  return html`<div class="field ${m.problem ? 'invalid' : ''}">
    <label for=${`attr-${attr.name}`}><code>${attr.name}</code></label>
    ${input(m)}
    ${m.problem ? html`<p class="error" id=${`err-${attr.name}`}><strong>Error:</strong> ${m.problem}</p>` : nothing}
    ${attr.description ? html`<p class="hint" id=${`hint-${attr.name}`}>${attr.description}</p>` : nothing}
  </div>`;
}
