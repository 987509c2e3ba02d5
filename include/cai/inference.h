/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The inference service as its clients see it (docs/design.md §5): the call
 * types of CAI_INFERENCE (services.h), their vectors and the status each
 * failure gets. Both sides compile against this header; the SPE side is
 * spe/partitions/infer, the NS client wrappers are nspe/api.
 *
 * Every multi-byte number on the wire is little-endian; floats are IEEE 754
 * binary32.
 *
 * Common statuses:
 *   PSA_ERROR_INVALID_ARGUMENT   a vector of the wrong size, a bad format or
 *                                flag, an input of the wrong count or type, a
 *                                value that is NaN, infinite or outside what
 *                                the model's input tensor can represent, a
 *                                nonce over CAI_INFER_NONCE_MAX bytes, a cloud
 *                                key that is not a P-256 point
 *   PSA_ERROR_DOES_NOT_EXIST     no model of that name / index; no cloud key
 *                                installed (CLOUD_KEY_GET, format encrypt)
 *   PSA_ERROR_BUFFER_TOO_SMALL   an out vector too small for the answer
 *                                (nothing written)
 *   PSA_ERROR_INSUFFICIENT_STORAGE / PSA_ERROR_STORAGE_FAILURE
 *                                the sequence number could not be reserved:
 *                                no result is made without one
 *   PSA_ERROR_NOT_PERMITTED      a cloud key is installed already (CLOUD_KEY_SET)
 *   PSA_ERROR_NOT_SUPPORTED      an unknown call type
 */
#ifndef CAI_INFERENCE_H
#define CAI_INFERENCE_H

#include <stdint.h>

#include "psa/client.h"

/* in[0] = model index (uint32, registry order, 0 first); out[0] <- a
 * CAI_INFER_MODEL_INFO_LEN record; out[1] (optional) <- its tensor records,
 * CAI_INFER_TENSOR_INFO_LEN bytes each, the inputs then the outputs.
 * PSA_ERROR_DOES_NOT_EXIST past the last model. */
#define CAI_INFER_CALL_MODEL_INFO 1
/* in[0] = a CAI_INFER_REQUEST_LEN request, in[1] = the input values of the
 * model's input 0 (count = its elements; type per the request), in[2] =
 * nonce (0..CAI_INFER_NONCE_MAX bytes; 0: none); out[0] <- the result in the
 * requested format (docs/design.md §5), at most CAI_INFER_RESULT_MAX bytes. */
#define CAI_INFER_CALL_RUN 2
/* out[0] <- the installed cloud public key, 65 bytes 0x04||X||Y; out[1]
 * (optional) <- its 32-byte kid. */
#define CAI_INFER_CALL_CLOUD_KEY_GET 3
/* in[0] = a cloud public key, 65 bytes 0x04||X||Y (a point of P-256); it is
 * stored in protected storage, once: a device keeps the first cloud key it
 * is given (PSA_ERROR_NOT_PERMITTED for another), so the NS side cannot
 * redirect later results to a key of its own. It is the recipient of
 * `encrypt` results; its kid is SHA-256 of its COSE_Key (docs/design.md §5). */
#define CAI_INFER_CALL_CLOUD_KEY_SET 4

/* Output formats (request byte 32). */
#define CAI_INFER_FORMAT_CBOR    0u /* the bare claims map */
#define CAI_INFER_FORMAT_SIGN1   1u /* COSE_Sign1 of it, key 0x5002 */
#define CAI_INFER_FORMAT_ENCRYPT 2u /* COSE_Sign1 over COSE_Encrypt to the cloud key */

/* Request flags (request byte 33). */
#define CAI_INFER_FLAG_BIND_INPUT 0x1u /* put the input tensor in the result (-80010) */

/* Input value types (request byte 34). */
#define CAI_INFER_INPUT_FLOAT32 0u /* real values, quantized by the SPE */
#define CAI_INFER_INPUT_RAW     1u /* the tensor's own bytes (int8 tensors: one byte each) */

/* The request of CAI_INFER_CALL_RUN, CAI_INFER_REQUEST_LEN bytes:
 *   0   32  model name, NUL-padded (1..31 characters, the rest zero)
 *   32  1   format (CAI_INFER_FORMAT_*)
 *   33  1   flags (CAI_INFER_FLAG_*; unknown bits are INVALID_ARGUMENT)
 *   34  1   input type (CAI_INFER_INPUT_*)
 *   35  1   zero */
#define CAI_INFER_REQUEST_LEN 36u

/* The record of CAI_INFER_CALL_MODEL_INFO, CAI_INFER_MODEL_INFO_LEN bytes:
 *   0   32  name, NUL-padded
 *   32  32  engine, NUL-padded (e.g. "cai-tflite/0.1.0")
 *   64  32  SHA-256 of the model bytes
 *   96  4   version (registry version)
 *   100 4   model bytes
 *   104 4   engine state bytes (kept for the life of the model)
 *   108 4   arena bytes (activations and scratch of one run)
 *   112 1   inputs, 113 1 outputs
 *   114 1   1: built into the image; 0: registered at boot
 *   115 1   zero
 *   116 4   largest result of this model, any format (input bound, largest
 *           nonce): an out vector of this size always holds a result, and a
 *           client that offers no more keeps the call cheap */
#define CAI_INFER_MODEL_INFO_LEN 120u

/* A tensor record, CAI_INFER_TENSOR_INFO_LEN bytes:
 *   0   1   type (TFLite TensorType: 0 float32, 9 int8, 2 int32)
 *   1   1   rank (0..6)
 *   2   2   zero
 *   4   24  dims[6] (int32; unused ones zero)
 *   28  4   elements
 *   32  4   scale (float32; 0 when not quantized)
 *   36  4   zero point (int32) */
#define CAI_INFER_TENSOR_INFO_LEN 40u
#define CAI_INFER_TENSORS_MAX     8u /* inputs + outputs a record list holds */

#define CAI_INFER_NAME_MAX  31u
#define CAI_INFER_NONCE_MAX 64u
/* Largest result of CAI_INFER_CALL_RUN; also bounds the inputs (a bound
 * input is part of the result). */
#define CAI_INFER_RESULT_MAX    49152u
#define CAI_INFER_CLOUD_PUB_LEN 65u
#define CAI_INFER_CLOUD_KID_LEN 32u

#endif /* CAI_INFERENCE_H */
