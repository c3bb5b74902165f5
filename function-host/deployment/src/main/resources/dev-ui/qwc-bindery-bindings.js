import { BinderyTable } from './bindery-table.js';

/** The bindings: direction, kind, status, the function an input triggers, lag where the source tells it. */
export class QwcBinderyBindings extends BinderyTable {
    method() {
        return 'bindings';
    }

    columns() {
        return [['Binding', 'name'], ['Direction', 'direction'], ['Kind', 'kind'], ['Status', 'status'], ['Function', 'function'], ['Lag', 'lag'], ['Endpoint', 'endpoint'], ['Reason', 'reason']];
    }
}
customElements.define('qwc-bindery-bindings', QwcBinderyBindings);
