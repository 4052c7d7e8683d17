/** The honeypot: a field no person sees or fills; bots that fill every input give themselves away. */
export const HONEYPOT = 'carstrel_website';

/** Whether a bot filled the form's trap field. */
export function honeypotFilled(form: HTMLFormElement): boolean {
  const trap = form.elements.namedItem(HONEYPOT);
  return trap instanceof HTMLInputElement && trap.value !== '';
}
