import { BinderyTable } from './bindery-table.js';

/** The functions, what triggers each and its routes (event filters). */
export class QwcBinderyFunctions extends BinderyTable {
    method() {
        return 'functions';
    }

    columns() {
        return [['Function', 'name'], ['Trigger', 'trigger'], ['Routes', 'routes'], ['Runs on', 'executionMode'], ['Reply type', 'replyType'], ['Method', 'method']];
    }
}
customElements.define('qwc-bindery-functions', QwcBinderyFunctions);
