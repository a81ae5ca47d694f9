/**
 * Shared kernel: exact money, paging, the errors every module may raise, and the COPY staging of
 * set-based batches.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.keyproject.common;
