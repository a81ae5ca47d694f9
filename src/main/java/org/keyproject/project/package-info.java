/**
 * The key-project library (项目库): projects, their lifecycle, annual lists and start batches.
 * Public surface: {@link org.keyproject.project.Projects} (changes), {@link org.keyproject.project.ProjectQueries}
 * (reads, always within a data scope) and the value types they take and give.
 */
package org.keyproject.project;
