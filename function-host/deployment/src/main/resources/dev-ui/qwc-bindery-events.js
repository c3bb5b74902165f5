import { BinderyTable } from './bindery-table.js';

/** The last invocations, newest first, and each new one as it ends (live). */
export class QwcBinderyEvents extends BinderyTable {
    static LIMIT = 100;

    method() {
        return 'recentEvents';
    }

    columns() {
        return [['Time', 'time'], ['Transport', 'transport'], ['Type', 'type'], ['Source', 'source'],
            ['Function', 'function'], ['Outcome', 'outcome'], ['ms', 'durationMs'], ['Trace', 'traceId'],
            ['Data', 'data']];
    }

    connectedCallback() {
        super.connectedCallback();
        this._stream = this.jsonRpc.streamEvents().onNext(response => {
            this._rows = [response.result, ...(this._rows || [])].slice(0, QwcBinderyEvents.LIMIT);
        });
    }

    disconnectedCallback() {
        this._stream.cancel();
        super.disconnectedCallback();
    }
}
customElements.define('qwc-bindery-events', QwcBinderyEvents);
