import { BinderyTable } from './bindery-table.js';

/** The input bindings, the function each triggers and its status. */
export class QwcBinderyBindings extends BinderyTable {
    method() {
        return 'bindings';
    }

    columns() {
        return [['Binding', 'name'], ['Function', 'function'], ['Status', 'status']];
    }
}
customElements.define('qwc-bindery-bindings', QwcBinderyBindings);
