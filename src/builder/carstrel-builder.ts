import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ELEMENT_MODULES } from '../elements.js';
import { CarstrelElement } from '../shared/carstrel-element.js';
import { defineElement } from '../shared/define.js';
import { loadErrorOf } from '../shared/load-error.js';
import { ELEMENTS } from './attributes.generated.js';
import { styles } from './carstrel-builder.styles.js';
import { renderControl } from './controls.js';
import { loadLiveData, type LiveData } from './data.js';
import {
  htmlSnippet,
  PAGE_LANGUAGES,
  queryOf,
  renderPreloads,
  scriptUrl,
  shortcode,
  stateFromQuery,
  veloCode,
  type BuilderState,
} from './snippet.js';
import type { BuilderElements } from './types.js';
import { optionsFor, problemsOf } from './validate.js';

/** The shopper elements a snippet may hold (the manifest's, in the order of `src/elements.ts`). */
const PICKABLE: BuilderElements = Object.fromEntries(
  Object.keys(ELEMENT_MODULES)
    .filter((tag) => tag in ELEMENTS)
    .map((tag) => [tag, ELEMENTS[tag]]),
);
const FIRST = Object.keys(PICKABLE)[0] ?? 'carstrel-inventory';
/** How long typing settles before the preview is rebuilt. */
const PREVIEW_DELAY_MS = 300;

/**
 * The snippet builder (`GET /builder`), for CMS editors: pick an element, set its attributes with
 * controls fed by the dealer's live data, see the real element in a preview, and copy the snippet
 * (this proxy's script tag + the element) with notes for WordPress, Wix and plain HTML. The state
 * lives in the page URL (`?element=carstrel-inventory&brand=toyota&page-size=6`), so a setup can
 * be shared and reopened. Values that name nothing (a brand slug with a typo) are explained, with
 * the closest known ones, before anything is copied.
 *
 * @summary Snippet builder for CMS editors: controls, live preview, copyable snippet.
 * @slot preview - Managed by the element: the previewed widget (in the light DOM, so the page's loader sees it).
 */
export class CarstrelBuilder extends CarstrelElement {
  static override styles = [...CarstrelElement.styles, styles];

  /** The proxy's public base for the snippet's script URL. Default: the proxy this element talks to. */
  @property({ attribute: 'public-url' }) publicUrl = '';
  /** Keep the state in the page URL (`off` for a builder embedded in another tool). */
  @property({ attribute: 'url-state' }) urlState: 'replace' | 'off' = 'replace';

  @state() private picked: BuilderState = stateFromQuery(globalThis.location?.search ?? '', PICKABLE, FIRST);
  @state() private announcement = '';

  private snippet = '';
  private problems = new Map<string, string>();
  private previewTimer?: ReturnType<typeof setTimeout>;
  private previewed = '';

  private readonly live = new Task(this, {
    task: (_args: readonly [string], { signal }) => loadLiveData(this.client, signal),
    args: () => [this.client.base] as const,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.urlState !== 'off') this.picked = stateFromQuery(location.search, PICKABLE, this.picked.element);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.previewTimer);
  }

  private get base(): string {
    return (this.publicUrl || this.client.base).replace(/\/+$/, '');
  }

  private get data(): LiveData | undefined {
    return this.live.status === TaskStatus.COMPLETE ? this.live.value : undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.snippet = htmlSnippet(this.base, this.picked, PICKABLE);
    this.problems = problemsOf(PICKABLE[this.picked.element]?.attributes ?? [], this.picked.values, this.data);
  }

  /** What the preview shows: the element with the values that have no problem (a bad one could break it). */
  private get previewValues(): Array<[string, string]> {
    return Object.entries(this.picked.values).filter(([name]) => !this.problems.has(name));
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const tag = JSON.stringify([this.picked.element, this.previewValues, this.api]);
    if (tag === this.previewed) return;
    clearTimeout(this.previewTimer);
    const now = !this.previewed;
    this.previewed = tag;
    if (now) this.renderPreview();
    else this.previewTimer = setTimeout(() => this.renderPreview(), PREVIEW_DELAY_MS);
  }

  /** The real element, in the light DOM (the loader defines it); rebuilt so each setup starts fresh. */
  private renderPreview(): void {
    let holder = this.querySelector<HTMLElement>(':scope > [slot="preview"]');
    if (!holder) {
      holder = document.createElement('div');
      holder.slot = 'preview';
      this.append(holder);
    }
    const el = document.createElement(this.picked.element);
    for (const [name, value] of this.previewValues) el.setAttribute(name, value);
    // The preview must not write the builder's own URL (the inventory's filter state).
    if (el.localName === 'carstrel-inventory' && !this.picked.values['url-state']) el.setAttribute('url-state', 'off');
    if (this.api) el.setAttribute('api', this.api);
    holder.replaceChildren(el);
  }

  private commit(next: BuilderState): void {
    this.picked = next;
    this.announcement = '';
    if (this.urlState !== 'off') history.replaceState(history.state, '', queryOf(next, PICKABLE) + location.hash);
  }

  private onElementChange(e: Event): void {
    this.commit({ element: (e.target as HTMLSelectElement).value, values: {}, lang: this.picked.lang });
  }

  private onPageLangChange(e: Event): void {
    const lang = (e.target as HTMLSelectElement).value;
    this.commit({ ...this.picked, lang: lang === 'en' ? undefined : lang });
  }

  private onAttributeChange = (name: string, value: string): void => {
    const values = { ...this.picked.values };
    if (value.trim() === '') delete values[name];
    else values[name] = value;
    this.commit({ ...this.picked, values });
  };

  private async onCopyClick(): Promise<void> {
    this.announcement = '';
    await this.updateComplete;
    if (this.problems.size) {
      const n = this.problems.size;
      this.announcement = `Not copied: ${n === 1 ? 'one value needs' : `${n} values need`} fixing first.`;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.announcement = (await this.writeClipboard(this.snippet))
      ? 'Copied'
      : 'Could not copy: select the snippet and press Ctrl+C (⌘C on a Mac).';
  }

  private async writeClipboard(text: string): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const area = this.renderRoot.querySelector<HTMLTextAreaElement>('#snippet');
      area?.select();
      return document.execCommand?.('copy') ?? false;
    }
  }

  override render(): TemplateResult {
    const spec = PICKABLE[this.picked.element];
    return html`<div part="base" class="layout">
      <section class="setup" aria-labelledby="setup-heading">
        <h2 id="setup-heading">1. Choose and set up a widget</h2>
        <div class="field">
          <label for="element">Widget</label>
          <select id="element" aria-describedby="element-summary" @change=${this.onElementChange}>
            ${Object.keys(PICKABLE).map(
              (tag) => html`<option value=${tag} ?selected=${tag === this.picked.element}>${tag}</option>`,
            )}
          </select>
          <p class="hint" id="element-summary">${spec?.summary ?? ''}</p>
        </div>
        ${this.renderDataState()}
        <fieldset>
          <legend>Attributes of <code>${this.picked.element}</code></legend>
          ${(spec?.attributes ?? []).map((attr) =>
            renderControl({
              attr,
              value: this.picked.values[attr.name] ?? '',
              options: optionsFor(attr.name, this.data, this.picked.values),
              problem: this.problems.get(attr.name),
              onChange: this.onAttributeChange,
            }),
          )}
        </fieldset>
      </section>
      <section class="result" aria-labelledby="snippet-heading">
        <h2 id="snippet-heading">2. Copy the snippet</h2>
        ${
          renderPreloads(this.base, this.picked, PICKABLE).length
            ? html`<div class="field">
              <label for="page-lang">Your page's language</label>
              <select id="page-lang" aria-describedby="page-lang-hint" @change=${this.onPageLangChange}>
                ${PAGE_LANGUAGES.map(
                  ([code, name]) =>
                    html`<option value=${code} lang=${code} ?selected=${code === (this.picked.lang ?? 'en')}>
                      ${name} (${code})
                    </option>`,
                )}
              </select>
              <p class="hint" id="page-lang-hint">
                The <code>lang</code> of your page: the widget's first view is preloaded in it.
              </p>
            </div>`
            : nothing
        }
        <label for="snippet">Snippet (HTML)</label>
        <textarea id="snippet" readonly rows="6" spellcheck="false" .value=${this.snippet}></textarea>
        <div class="actions">
          <button type="button" @click=${this.onCopyClick}>Copy</button>
          <p class="status" role="status" aria-live="polite">${this.announcement}</p>
        </div>
        ${
          this.problems.size
            ? html`<p class="error" id="problems">
              <strong>Check before copying:</strong> ${[...this.problems.values()].join(' ')}
            </p>`
            : nothing
        }
        ${this.renderNotes()}
        <h2 id="preview-heading">3. Preview</h2>
        <p class="hint">
          The real widget, with this setup and this dealer's live data${
            this.problems.size ? html`, leaving out the values to fix (${[...this.problems.keys()].join(', ')})` : ''
          }.
        </p>
        <div class="preview" role="region" aria-labelledby="preview-heading"><slot name="preview"></slot></div>
      </section>
    </div>`;
  }

  private renderDataState(): TemplateResult | typeof nothing {
    if (this.live.status === TaskStatus.ERROR) {
      const err = loadErrorOf(this.live.error);
      return html`<p class="error">
        Could not load the dealer's data (${err.envelope.message}): values cannot be checked.
        <button type="button" @click=${() => void this.live.run()}>Try again</button>
      </p>`;
    }
    if (this.live.status !== TaskStatus.COMPLETE) return html`<p class="hint">Loading the dealer's data…</p>`;
    return nothing;
  }

  private renderNotes(): TemplateResult {
    return html`<div class="notes">
      <section aria-labelledby="wp-heading">
        <h3 id="wp-heading">WordPress</h3>
        <p>Add a <strong>Custom HTML</strong> block and paste the snippet. With the CarStrel Widgets plugin, use the
        shortcode instead (attributes with <code>_</code> for <code>-</code>):</p>
        <pre><code>${shortcode(this.picked, PICKABLE)}</code></pre>
      </section>
      <section aria-labelledby="wix-heading">
        <h3 id="wix-heading">Wix</h3>
        <p><strong>Embed HTML</strong> (Add → Embed code → Embed HTML, "Code"): paste the snippet, then give the frame a
        height (600 px suits most widgets). Or a <strong>Custom Element</strong>: server URL
        <code>${scriptUrl(this.base)}</code>, tag name <code>${this.picked.element}</code>, and its attributes set in Velo:</p>
        <pre><code>${veloCode(this.picked, PICKABLE)}</code></pre>
      </section>
      <section aria-labelledby="html-heading">
        <h3 id="html-heading">Plain HTML</h3>
        <p>Paste the snippet where the widget should appear. Include the script tag once per page, however many widgets
        the page has. The <code>preload</code> lines start the widget's first view while the script loads.</p>
      </section>
    </div>`;
  }
}

defineElement('carstrel-builder', CarstrelBuilder);

declare global {
  interface HTMLElementTagNameMap {
    'carstrel-builder': CarstrelBuilder;
  }
}
