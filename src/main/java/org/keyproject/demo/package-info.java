/**
 * Demo and volume data: a deterministic fictional city (临江市) with its counties, departments,
 * enterprises, people, key projects, lifecycle histories, annual lists and start batches, written
 * with plain batched SQL. Loaded into an empty embedded database at start-up, and available as the
 * {@code generate} command for volume tests and benchmarks.
 */
package org.keyproject.demo;
