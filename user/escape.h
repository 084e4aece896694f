/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names from the system (process names, memfd names, paths) are anyone's
 * bytes: escape sequences, newlines, invalid UTF-8. Each output gets them in
 * a form its reader cannot mistake for output of ours.
 */
#ifndef KM_ESCAPE_H
#define KM_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/*
 * For tables: valid printable UTF-8 kept, every other byte (C0 and C1
 * controls, DEL, invalid UTF-8) shown as '?', as ps shows them. @out holds
 * at least one byte; the result is always terminated.
 */
void km_esc_table(char *out, size_t len, const char *s);

/* A JSON string (quotes included): controls as \u00XX, invalid UTF-8 as U+FFFD. */
void km_esc_json(FILE *f, const char *s);

/*
 * A Prometheus label value: \, " and newline escaped as the exposition
 * format wants, other controls as '?', invalid UTF-8 as U+FFFD; cut only
 * between characters.
 */
void km_esc_label(char *out, size_t len, const char *s);

#endif /* KM_ESCAPE_H */
