/**
 * Services (服务): the service ledger (服务台账) of what commissioners, departments and leaders did for
 * a project (contacts, site visits, on-site office sessions, promotion meetings, parallel approvals
 * …), its statistics and the leaders short of site visits; and the service promises (服务承诺) that a
 * signing (签约落地) starts, four dated tasks fulfilled by the services that keep them. Public
 * surface: {@link org.keyproject.service.Services} (logging a service); the rest is its API and pages.
 */
package org.keyproject.service;
