import { BinderyTable } from './bindery-table.js';

/** The topic subscriptions of the functions, their status and lag (events not processed yet; -1 unknown). */
export class QwcBinderySubscriptions extends BinderyTable {
    method() {
        return 'subscriptions';
    }

    columns() {
        return [['Function', 'function'], ['Pub/sub', 'pubsub'], ['Topic', 'topic'], ['Status', 'status'], ['Lag', 'lag'], ['Dead-letter topic', 'deadLetterTopic'], ['Reason', 'reason']];
    }
}
customElements.define('qwc-bindery-subscriptions', QwcBinderySubscriptions);
