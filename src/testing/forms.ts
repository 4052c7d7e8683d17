/**
 * Helpers for the form elements' browser tests (keyboard journeys against the real proxy and
 * sandbox). Not part of any element bundle.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { until } from './browser.js';

/** A unique address per test run, so that tests never see each other's leads. */
export function freshEmail(tag: string): string {
  return `${tag}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}@example.com`;
}

export function input(root: Element, name: string): HTMLInputElement {
  const found = root.querySelector<HTMLInputElement>(`form [name="${name}"]`);
  if (!found) throw new Error(`no field named ${name}`);
  return found;
}

export const press = (key: string) => sendKeys({ press: key });
export const type = (text: string) => sendKeys({ type: text });

/** Tab to the next control and check it is the expected field, then type into it. */
export async function tabAndType(root: Element, name: string, text: string): Promise<void> {
  await press('Tab');
  expect(document.activeElement, `focus after Tab should be on ${name}`).to.equal(input(root, name));
  if (text) await type(text);
}

export function focused(): Element | null {
  return document.activeElement;
}

/** Waits for the element's live region to announce something matching `pattern`. */
export function announced(root: Element, pattern: RegExp, timeout = 8000): Promise<string> {
  return until(
    () =>
      Array.from(root.querySelectorAll('[role="status"]'))
        .map((n) => n.textContent ?? '')
        .find((t) => pattern.test(t)),
    timeout,
    `an announcement matching ${pattern}`,
  ) as Promise<string>;
}

/** A start button before the element: keyboard journeys begin there and Tab into the form. */
export function startButton(): HTMLButtonElement {
  const b = document.querySelector<HTMLButtonElement>('#start');
  if (!b) throw new Error('fixture needs <button id="start">');
  return b;
}

/** The draft kept in session storage for `storageKey` (element tag + key). */
export function storedDraft(tag: string, storageKey: string, ...parts: string[]): unknown {
  const raw = sessionStorage.getItem(`carstrel:draft:${[tag, storageKey, ...parts].join(':')}`);
  return raw ? JSON.parse(raw) : undefined;
}

/** No JWT anywhere page JavaScript can read. */
export function readableJwts(): string[] {
  const jwt = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g;
  const places = [document.cookie, ...Object.values({ ...localStorage }), ...Object.values({ ...sessionStorage })];
  return places.flatMap((p) => String(p).match(jwt) ?? []);
}
