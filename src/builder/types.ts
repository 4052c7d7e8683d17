/** What the snippet builder knows of an attribute (from custom-elements.json, see attributes.generated.ts). */
export interface BuilderAttribute {
  name: string;
  kind: 'text' | 'number' | 'boolean' | 'choice';
  choices?: string[];
  default?: string;
  description?: string;
}

export interface BuilderElement {
  summary: string;
  attributes: BuilderAttribute[];
}

export type BuilderElements = Record<string, BuilderElement>;
