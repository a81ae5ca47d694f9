/**
 * People, organisations, roles, login and data scope. Public surface: {@link org.keyproject.people.People},
 * {@link org.keyproject.people.CurrentUser}, {@link org.keyproject.people.DataScope},
 * {@link org.keyproject.people.ApiTokens}, {@link org.keyproject.people.Role}.
 */
package org.keyproject.people;
