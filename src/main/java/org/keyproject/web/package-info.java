/**
 * Cross-cutting web concerns: security, error handling (RFC 9457 problem details), language, layout.
 */
package org.keyproject.web;
