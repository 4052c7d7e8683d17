import { html } from 'lit';
import { CarstrelElement } from '../shared/carstrel-element.js';
import { defineElement } from '../shared/define.js';
class X extends CarstrelElement { override render() { return html`<p>carstrel-contact-form</p>`; } }
defineElement('carstrel-contact-form', X);
