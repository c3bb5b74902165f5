import { BinderyTable } from './bindery-table.js';

/** The topic subscriptions of the functions and their status. */
export class QwcBinderySubscriptions extends BinderyTable {
    method() {
        return 'subscriptions';
    }

    columns() {
        return [['Function', 'function'], ['Pub/sub', 'pubsub'], ['Topic', 'topic'], ['Dead-letter topic', 'deadLetterTopic'], ['Attempts', 'retryAttempts'], ['Status', 'status']];
    }
}
customElements.define('qwc-bindery-subscriptions', QwcBinderySubscriptions);
