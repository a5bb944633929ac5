/**
 * Helpers shared by the vision providers. Not API: public only because Java has no module-wide visibility
 * without JPMS; anything here may change without notice.
 */
package dev.echollama.vision.internal;
