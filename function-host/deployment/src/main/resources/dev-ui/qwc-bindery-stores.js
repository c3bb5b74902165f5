import { BinderyTable } from './bindery-table.js';

/** The state stores and their status. */
export class QwcBinderyStores extends BinderyTable {
    method() {
        return 'stores';
    }

    columns() {
        return [['Store', 'name'], ['Type', 'type'], ['Mode', 'mode'], ['Status', 'status'], ['Start', 'start'], ['Keys', 'keyPrefix'], ['Reason', 'reason']];
    }
}
customElements.define('qwc-bindery-stores', QwcBinderyStores);
