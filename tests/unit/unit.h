/*
 * unit.h -- what every cmocka unit test includes.
 *
 * cmocka needs these standard headers before its own; keeping them in one
 * place keeps each test file about its module.
 */
#ifndef KAITO_UNIT_H
#define KAITO_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
