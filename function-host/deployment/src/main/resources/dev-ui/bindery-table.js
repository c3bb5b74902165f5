import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/grid';
import '@vaadin/button';
import '@vaadin/icon';

/**
 * A Bindery page that lists what one JSON-RPC method of the Bindery service returns, one row per item.
 * Subclasses name the method and the columns ([header, path]).
 */
export class BinderyTable extends LitElement {
    jsonRpc = new JsonRpc(this);

    static styles = css`
        .menubar { display: flex; align-items: center; padding-left: 5px; }
        .table { height: 100%; padding-bottom: 10px; }`;

    static properties = {
        _rows: { state: true }
    };

    /** @return the JSON-RPC method that lists the rows */
    method() {
        throw new Error('a Bindery table names its method');
    }

    /** @return the columns, as [header, path] pairs */
    columns() {
        return [];
    }

    connectedCallback() {
        super.connectedCallback();
        this._refresh();
    }

    render() {
        if (!this._rows) {
            return html`<span>Loading…</span>`;
        }
        return html`
            <div class="menubar">
                <vaadin-button theme="small" @click=${() => this._refresh()}>
                    <vaadin-icon icon="font-awesome-solid:rotate"></vaadin-icon> Refresh
                </vaadin-button>
            </div>
            <vaadin-grid .items="${this._rows}" class="table" theme="no-border">
                ${this.columns().map(([header, path]) => html`
                    <vaadin-grid-sort-column auto-width resizable header="${header}" path="${path}">
                    </vaadin-grid-sort-column>`)}
            </vaadin-grid>`;
    }

    _refresh() {
        this.jsonRpc[this.method()]().then(response => {
            this._rows = response.result;
        });
    }
}
