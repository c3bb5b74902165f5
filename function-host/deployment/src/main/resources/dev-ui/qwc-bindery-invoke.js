import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/button';
import '@vaadin/combo-box';
import '@vaadin/text-field';
import '@vaadin/text-area';

/** Sends a CloudEvent to a function and shows the outcome: the reply event or the problem. */
export class QwcBinderyInvoke extends LitElement {
    jsonRpc = new JsonRpc(this);

    static styles = css`
        .form { display: flex; flex-direction: column; gap: 8px; padding: 10px; max-width: 48em; }
        pre { background: var(--lumo-contrast-5pct); padding: 8px; white-space: pre-wrap; }`;

    static properties = {
        _functions: { state: true },
        _function: { state: true },
        _type: { state: true },
        _data: { state: true },
        _result: { state: true },
        _sending: { state: true }
    };

    constructor() {
        super();
        this._functions = [];
        this._type = '';
        this._data = '{"name":"Ada"}';
        this._sending = false;
    }

    connectedCallback() {
        super.connectedCallback();
        this.jsonRpc.functions().then(response => {
            this._functions = response.result.filter(f => !f.actor).map(f => f.name);
            this._function = this._functions[0];
        });
    }

    render() {
        return html`
            <div class="form">
                <vaadin-combo-box label="Function" .items="${this._functions}" .value="${this._function}"
                    @value-changed=${e => this._function = e.detail.value}></vaadin-combo-box>
                <vaadin-text-field label="Event type (empty: the function's name)" .value="${this._type}"
                    @value-changed=${e => this._type = e.detail.value}></vaadin-text-field>
                <vaadin-text-area label="Data (JSON)" .value="${this._data}"
                    @value-changed=${e => this._data = e.detail.value}></vaadin-text-area>
                <vaadin-button theme="primary" ?disabled=${this._sending || !this._function}
                    @click=${() => this._invoke()}>Send</vaadin-button>
                ${this._renderResult()}
            </div>`;
    }

    _renderResult() {
        if (!this._result) {
            return html``;
        }
        const r = this._result;
        return html`<div>
            <b>${r.status} ${r.outcome}</b>${r.type ? html` — <code>${r.type}</code> from <code>${r.source}</code>` : ''}
            ${r.data ? html`<pre>${r.data}</pre>` : ''}
            ${r.message ? html`<pre>${r.message}</pre>` : ''}
        </div>`;
    }

    _invoke() {
        this._sending = true;
        this.jsonRpc.invoke({ function: this._function, type: this._type, data: this._data })
            .then(response => this._result = response.result)
            .finally(() => this._sending = false);
    }
}
customElements.define('qwc-bindery-invoke', QwcBinderyInvoke);
