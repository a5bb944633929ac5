/**
 * Helpers shared by this module's models. Not API: may change or disappear in any release.
 */
package dev.echollama.llm.internal;
