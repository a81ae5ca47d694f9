/**
 * The ledger (台账): importing and exporting the key-project spreadsheets governments circulate.
 * Public surface: {@link org.keyproject.ledger.LedgerImport}, {@link org.keyproject.ledger.LedgerExport}
 * and the reports they give.
 */
package org.keyproject.ledger;
