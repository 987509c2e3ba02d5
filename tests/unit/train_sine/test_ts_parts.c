/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the trainer's parts whose expected values can be stated
 * independently: the portable sine against libm, TFLite's asymmetric
 * quantization rule on hand-computed ranges, the flatbuffer writer's layout
 * rules (docs/engine.md, "The .tflite format") and its refusal of backward references.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "fb_writer.h"
#include "ts_prng.h"
#include "ts_quant.h"
#include "ts_sine.h"

static void test_sine_matches_libm(void **state)
{
    (void)state;
    double worst = 0.0;
    for (int i = -100; i <= 10100; i++) {
        double x = 6.283185307179586 * i / 10000.0;
        double d = fabs(ts_sine(x) - sin(x));
        worst = d > worst ? d : worst;
    }
    assert_true(worst < 1e-14);
}

static void test_activation_param(void **state)
{
    (void)state;
    ts_qparam_t qp;
    /* [0, 2*pi]: min 0 -> zero point -128, scale 2*pi/255. */
    assert_int_equal(ts_quant_activation_param(0.0, 6.283185307179586, &qp), 0);
    assert_int_equal(qp.zero_point, -128);
    assert_true(fabs((double)qp.scale - 6.283185307179586 / 255.0) < 1e-9);
    /* [-1, 1]: -128 - (-1)/(2/255) = -0.5, rounded half away -> -1. */
    assert_int_equal(ts_quant_activation_param(-1.0, 1.0, &qp), 0);
    assert_int_equal(qp.zero_point, -1);
    /* [0.5, 3]: widened to [0, 3]; a range that excludes 0 gets it added. */
    assert_int_equal(ts_quant_activation_param(0.5, 3.0, &qp), 0);
    assert_int_equal(qp.zero_point, -128);
    assert_true(fabs((double)qp.scale - 3.0 / 255.0) < 1e-9);
    /* [-2, -1]: widened to [-2, 0] -> zero point 127. */
    assert_int_equal(ts_quant_activation_param(-2.0, -1.0, &qp), 0);
    assert_int_equal(qp.zero_point, 127);
    /* Nothing to quantize. */
    assert_int_equal(ts_quant_activation_param(0.0, 0.0, &qp), -1);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static void test_fb_table_layout(void **state)
{
    (void)state;
    tflw_fb_t fb;
    tflw_fb_init(&fb);
    size_t root = tflw_fb_header(&fb, "TEST");
    /* field 0: u8, 1: absent, 2: u64, 3: reference, 4: u16 */
    tflw_fb_field_t f[5] = {
        { 1, 0, 0xAB }, { 0, 0, 0 }, { 8, 0, 0x1122334455667788ULL }, { 4, 1, 0 }, { 2, 0, 0xBEEF }
    };
    size_t slots[TFLW_FB_MAX_FIELDS];
    size_t t = tflw_fb_table(&fb, f, 5, slots);
    tflw_fb_patch(&fb, root, t);
    size_t s = tflw_fb_string(&fb, "hi");
    tflw_fb_patch(&fb, slots[3], s);
    tflw_fb_align_end(&fb, 16);
    assert_false(fb.failed);
    assert_int_equal(fb.len % 16, 0);
    assert_memory_equal(fb.buf + 4, "TEST", 4);
    /* Root offset, then the vtable through the signed soffset. */
    assert_int_equal(rd32(fb.buf), t);
    assert_int_equal(t % 8, 0); /* the table holds a u64: 8-aligned */
    size_t vt = t - (size_t)(int32_t)rd32(fb.buf + t);
    assert_int_equal(vt % 2, 0);
    assert_int_equal(rd16(fb.buf + vt), 4 + 2 * 5);
    uint16_t off[5];
    for (int i = 0; i < 5; i++)
        off[i] = rd16(fb.buf + vt + 4 + 2 * i);
    assert_int_equal(off[1], 0); /* absent */
    assert_int_equal(fb.buf[t + off[0]], 0xAB);
    assert_int_equal((t + off[2]) % 8, 0);
    assert_int_equal(rd32(fb.buf + t + off[2]), 0x55667788u);
    assert_int_equal(rd32(fb.buf + t + off[2] + 4), 0x11223344u);
    assert_int_equal(rd16(fb.buf + t + off[4]), 0xBEEF);
    /* Reference: forward, to a NUL-terminated string. */
    size_t target = t + off[3] + rd32(fb.buf + t + off[3]);
    assert_int_equal(target, s);
    assert_int_equal(rd32(fb.buf + s), 2);
    assert_memory_equal(fb.buf + s + 4, "hi", 3);
    tflw_fb_free(&fb);
}

static void test_fb_vectors_aligned(void **state)
{
    (void)state;
    tflw_fb_t fb;
    tflw_fb_init(&fb);
    tflw_fb_header(&fb, "TEST");
    const uint8_t data[3] = { 1, 2, 3 };
    size_t v = tflw_fb_vec_bytes(&fb, data, 3, 16);
    assert_int_equal((v + 4) % 16, 0); /* force_align 16 on the elements */
    const int64_t z[2] = { -128, 5 };
    size_t v64 = tflw_fb_vec_i64(&fb, z, 2);
    assert_int_equal((v64 + 4) % 8, 0);
    assert_int_equal(rd32(fb.buf + v64 + 4), 0xFFFFFF80u);
    assert_int_equal(rd32(fb.buf + v64 + 8), 0xFFFFFFFFu);
    assert_false(fb.failed);
    tflw_fb_free(&fb);
}

static void test_fb_refuses_backward_reference(void **state)
{
    (void)state;
    tflw_fb_t fb;
    tflw_fb_init(&fb);
    size_t s = tflw_fb_string(&fb, "earlier");
    size_t v = tflw_fb_vec_refs(&fb, 1);
    tflw_fb_patch(&fb, v + 4, s); /* target before the slot: not encodable */
    assert_true(fb.failed);
    tflw_fb_free(&fb);
}

static void test_prng_seeded_and_uniform(void **state)
{
    (void)state;
    ts_prng_t a, b, c;
    ts_prng_seed(&a, 42);
    ts_prng_seed(&b, 42);
    ts_prng_seed(&c, 43);
    int differ = 0;
    for (int i = 0; i < 1000; i++) {
        double u = ts_prng_uniform(&a);
        assert_true(u >= 0.0 && u < 1.0);
        assert_true(u == ts_prng_uniform(&b));
        differ += u != ts_prng_uniform(&c);
    }
    assert_true(differ > 990);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sine_matches_libm),
        cmocka_unit_test(test_activation_param),
        cmocka_unit_test(test_fb_table_layout),
        cmocka_unit_test(test_fb_vectors_aligned),
        cmocka_unit_test(test_fb_refuses_backward_reference),
        cmocka_unit_test(test_prng_seeded_and_uniform),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
