/**
 * Shared kernel: exact money, paging and the errors every module may raise.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.keyproject.common;
