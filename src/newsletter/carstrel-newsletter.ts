import { html } from 'lit';
import { CarstrelElement } from '../shared/carstrel-element.js';
import { defineElement } from '../shared/define.js';
class X extends CarstrelElement { override render() { return html`<p>carstrel-newsletter</p>`; } }
defineElement('carstrel-newsletter', X);
