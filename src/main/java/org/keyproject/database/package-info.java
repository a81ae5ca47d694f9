/**
 * The database: a configured PostgreSQL server, or an embedded PostgreSQL 17 whose data lives under
 * the data directory and survives restarts.
 */
package org.keyproject.database;
