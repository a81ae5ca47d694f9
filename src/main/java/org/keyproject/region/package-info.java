/**
 * The region tree (行政区划): city → county/district/zone → town/street, matched by full and short
 * names. Public surface: {@link org.keyproject.region.Regions} and {@link org.keyproject.region.Region}.
 */
package org.keyproject.region;
