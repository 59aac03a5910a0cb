using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Tests.Conformance
{
    /// <summary>
    /// Selected backend tests (every op supported) that ModelCompiler rejects with MG errors on purpose: documented
    /// limitations, each with a reason "MGxxxx[|MGyyyy] category: detail". Only a compile failure carrying one of the
    /// listed MG ids is excused: an internal error, another MG error, a C# error, an exception or a numeric mismatch still
    /// fails its case, and an entry whose test starts compiling fails as stale, so the table can only shrink.
    /// </summary>
    internal static class ConformanceExclusions
    {
        private const string DropoutTraining = "MG0103 training mode: Dropout training_mode=1 draws a random mask; ModelGen compiles inference only";
        private const string NarrowTypes = "MG0104 element types without a C# type yet: float8 (e4m3fn, e4m3fnuz, e5m2, e5m2fnuz, e8m0), float4e2m1, int4/uint4, int2/uint2, bfloat16 (operator breadth issue)";
        private const string MixedPow = "MG0104 mixed-type Pow: the exponent's type differs from the base's, and a scalar expression computes in one type (operator breadth issue)";
        private const string Strings = "MG0104 string tensors: generated code holds only numeric and bool elements in its arena (operator breadth issue)";
        private const string UnprovenRuntimeDims = "MG0201|MG0202 run-time dims the build cannot prove equal: the AffineGrid expansion splits lengths computed at run time, and a later Concat/Add (or an If whose branches give different shapes) needs them to agree (operator breadth issue)";
        private const string SequencesAndOptionals = "MG0106 sequence and optional values: sequences are resolved at build time, so graph inputs and outputs, and values an If or a Loop carries, must be tensors (operator breadth issue)";

        public static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Dropout
            ["node/test_training_dropout"] = DropoutTraining,
            ["node/test_training_dropout_default"] = DropoutTraining,
            ["node/test_training_dropout_default_mask"] = DropoutTraining,
            ["node/test_training_dropout_mask"] = DropoutTraining,
            ["node/test_training_dropout_zero_ratio"] = DropoutTraining,
            ["node/test_training_dropout_zero_ratio_mask"] = DropoutTraining,

            // Pow with a base and an exponent of different types
            ["node/test_pow_types_float32_int32"] = MixedPow,
            ["node/test_pow_types_float32_int64"] = MixedPow,
            ["node/test_pow_types_float32_uint32"] = MixedPow,
            ["node/test_pow_types_float32_uint64"] = MixedPow,
            ["node/test_pow_types_int32_float32"] = MixedPow,
            ["node/test_pow_types_int64_float32"] = MixedPow,

            // Equal over strings
            ["node/test_equal_string"] = Strings,
            ["node/test_equal_string_broadcast"] = Strings,

            // Identity over sequences and optionals
            ["node/test_identity_opt"] = SequencesAndOptionals,
            ["node/test_identity_sequence"] = SequencesAndOptionals,

            // Sequences that are graph inputs or outputs, or that an If or a Loop carries
            ["node/test_if_seq"] = SequencesAndOptionals,
            ["node/test_loop13_seq"] = SequencesAndOptionals,
            ["node/test_sequence_insert_at_back"] = SequencesAndOptionals,
            ["node/test_sequence_insert_at_front"] = SequencesAndOptionals,
            ["node/test_sequence_map_add_1_sequence_1_tensor_expanded"] = SequencesAndOptionals,
            ["node/test_sequence_map_add_2_sequences_expanded"] = SequencesAndOptionals,
            ["node/test_sequence_map_extract_shapes_expanded"] = SequencesAndOptionals,
            ["node/test_sequence_map_identity_1_sequence_1_tensor_expanded"] = SequencesAndOptionals,
            ["node/test_sequence_map_identity_1_sequence_expanded"] = SequencesAndOptionals,
            ["node/test_sequence_map_identity_2_sequences_expanded"] = SequencesAndOptionals,
            ["node/test_split_to_sequence_1"] = SequencesAndOptionals,
            ["node/test_split_to_sequence_2"] = SequencesAndOptionals,
            ["node/test_split_to_sequence_nokeepdims"] = SequencesAndOptionals,

            // OptionalGetElement and OptionalHasElement given optional- or sequence-typed graph inputs
            ["node/test_optional_get_element_optional_sequence"] = SequencesAndOptionals,
            ["node/test_optional_get_element_optional_tensor"] = SequencesAndOptionals,
            ["node/test_optional_get_element_sequence"] = SequencesAndOptionals,
            ["node/test_optional_has_element_empty_optional_input"] = SequencesAndOptionals,
            ["node/test_optional_has_element_optional_input"] = SequencesAndOptionals,
            ["node/test_optional_has_element_tensor_input"] = SequencesAndOptionals,

            // Range in bfloat16
            ["node/test_range_bfloat16_type_positive_delta"] = NarrowTypes,
            ["node/test_range_bfloat16_type_positive_delta_expanded"] = NarrowTypes,

            // Cast and CastLike (expanded into Cast) between the narrow float and integer types
            ["node/test_cast_BFLOAT16_to_FLOAT"] = NarrowTypes,
            ["node/test_cast_FLOAT16_to_FLOAT4E2M1"] = NarrowTypes,
            ["node/test_cast_FLOAT16_to_FLOAT8E4M3FN"] = NarrowTypes,
            ["node/test_cast_FLOAT16_to_FLOAT8E4M3FNUZ"] = NarrowTypes,
            ["node/test_cast_FLOAT16_to_FLOAT8E5M2"] = NarrowTypes,
            ["node/test_cast_FLOAT16_to_FLOAT8E5M2FNUZ"] = NarrowTypes,
            ["node/test_cast_FLOAT16_to_INT2"] = NarrowTypes,
            ["node/test_cast_FLOAT16_to_INT4"] = NarrowTypes,
            ["node/test_cast_FLOAT16_to_UINT2"] = NarrowTypes,
            ["node/test_cast_FLOAT16_to_UINT4"] = NarrowTypes,
            ["node/test_cast_FLOAT4E2M1_to_FLOAT"] = NarrowTypes,
            ["node/test_cast_FLOAT4E2M1_to_FLOAT16"] = NarrowTypes,
            ["node/test_cast_FLOAT8E4M3FNUZ_to_FLOAT"] = NarrowTypes,
            ["node/test_cast_FLOAT8E4M3FNUZ_to_FLOAT16"] = NarrowTypes,
            ["node/test_cast_FLOAT8E4M3FN_to_FLOAT"] = NarrowTypes,
            ["node/test_cast_FLOAT8E4M3FN_to_FLOAT16"] = NarrowTypes,
            ["node/test_cast_FLOAT8E5M2FNUZ_to_FLOAT"] = NarrowTypes,
            ["node/test_cast_FLOAT8E5M2FNUZ_to_FLOAT16"] = NarrowTypes,
            ["node/test_cast_FLOAT8E5M2_to_FLOAT"] = NarrowTypes,
            ["node/test_cast_FLOAT8E5M2_to_FLOAT16"] = NarrowTypes,
            ["node/test_cast_FLOAT_to_BFLOAT16"] = NarrowTypes,
            ["node/test_cast_FLOAT_to_FLOAT4E2M1"] = NarrowTypes,
            ["node/test_cast_FLOAT_to_FLOAT8E4M3FN"] = NarrowTypes,
            ["node/test_cast_FLOAT_to_FLOAT8E4M3FNUZ"] = NarrowTypes,
            ["node/test_cast_FLOAT_to_FLOAT8E5M2"] = NarrowTypes,
            ["node/test_cast_FLOAT_to_FLOAT8E5M2FNUZ"] = NarrowTypes,
            ["node/test_cast_FLOAT_to_INT2"] = NarrowTypes,
            ["node/test_cast_FLOAT_to_INT4"] = NarrowTypes,
            ["node/test_cast_FLOAT_to_UINT2"] = NarrowTypes,
            ["node/test_cast_FLOAT_to_UINT4"] = NarrowTypes,
            ["node/test_cast_INT2_to_FLOAT"] = NarrowTypes,
            ["node/test_cast_INT2_to_FLOAT16"] = NarrowTypes,
            ["node/test_cast_INT2_to_INT8"] = NarrowTypes,
            ["node/test_cast_INT4_to_FLOAT"] = NarrowTypes,
            ["node/test_cast_INT4_to_FLOAT16"] = NarrowTypes,
            ["node/test_cast_INT4_to_INT8"] = NarrowTypes,
            ["node/test_cast_UINT2_to_FLOAT"] = NarrowTypes,
            ["node/test_cast_UINT2_to_FLOAT16"] = NarrowTypes,
            ["node/test_cast_UINT2_to_UINT8"] = NarrowTypes,
            ["node/test_cast_UINT4_to_FLOAT"] = NarrowTypes,
            ["node/test_cast_UINT4_to_FLOAT16"] = NarrowTypes,
            ["node/test_cast_UINT4_to_UINT8"] = NarrowTypes,
            ["node/test_cast_e8m0_FLOAT16_to_FLOAT8E8M0"] = NarrowTypes,
            ["node/test_cast_e8m0_FLOAT8E8M0_to_FLOAT"] = NarrowTypes,
            ["node/test_cast_e8m0_FLOAT8E8M0_to_FLOAT16"] = NarrowTypes,
            ["node/test_cast_e8m0_FLOAT_to_FLOAT8E8M0"] = NarrowTypes,
            ["node/test_cast_no_saturate_FLOAT16_to_FLOAT8E4M3FN"] = NarrowTypes,
            ["node/test_cast_no_saturate_FLOAT16_to_FLOAT8E4M3FNUZ"] = NarrowTypes,
            ["node/test_cast_no_saturate_FLOAT16_to_FLOAT8E5M2"] = NarrowTypes,
            ["node/test_cast_no_saturate_FLOAT16_to_FLOAT8E5M2FNUZ"] = NarrowTypes,
            ["node/test_cast_no_saturate_FLOAT_to_FLOAT8E4M3FN"] = NarrowTypes,
            ["node/test_cast_no_saturate_FLOAT_to_FLOAT8E4M3FNUZ"] = NarrowTypes,
            ["node/test_cast_no_saturate_FLOAT_to_FLOAT8E5M2"] = NarrowTypes,
            ["node/test_cast_no_saturate_FLOAT_to_FLOAT8E5M2FNUZ"] = NarrowTypes,
            ["node/test_castlike_BFLOAT16_to_FLOAT"] = NarrowTypes,
            ["node/test_castlike_BFLOAT16_to_FLOAT_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_FLOAT4E2M1"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_FLOAT4E2M1_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_FLOAT8E4M3FN"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_FLOAT8E4M3FNUZ"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_FLOAT8E4M3FNUZ_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_FLOAT8E4M3FN_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_FLOAT8E5M2"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_FLOAT8E5M2FNUZ"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_FLOAT8E5M2FNUZ_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_FLOAT8E5M2_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_INT2"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_INT2_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_INT4"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_INT4_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_UINT2"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_UINT2_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_UINT4"] = NarrowTypes,
            ["node/test_castlike_FLOAT16_to_UINT4_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT4E2M1_to_FLOAT"] = NarrowTypes,
            ["node/test_castlike_FLOAT4E2M1_to_FLOAT16"] = NarrowTypes,
            ["node/test_castlike_FLOAT4E2M1_to_FLOAT16_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT4E2M1_to_FLOAT_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E4M3FNUZ_to_FLOAT"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E4M3FNUZ_to_FLOAT16"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E4M3FNUZ_to_FLOAT16_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E4M3FNUZ_to_FLOAT_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E4M3FN_to_FLOAT"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E4M3FN_to_FLOAT16"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E4M3FN_to_FLOAT16_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E4M3FN_to_FLOAT_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E5M2FNUZ_to_FLOAT"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E5M2FNUZ_to_FLOAT16"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E5M2FNUZ_to_FLOAT16_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E5M2FNUZ_to_FLOAT_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E5M2_to_FLOAT"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E5M2_to_FLOAT16"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E5M2_to_FLOAT16_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT8E5M2_to_FLOAT_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_BFLOAT16"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_BFLOAT16_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_FLOAT4E2M1"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_FLOAT4E2M1_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_FLOAT8E4M3FN"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_FLOAT8E4M3FNUZ"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_FLOAT8E4M3FNUZ_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_FLOAT8E4M3FN_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_FLOAT8E5M2"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_FLOAT8E5M2FNUZ"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_FLOAT8E5M2FNUZ_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_FLOAT8E5M2_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_INT2"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_INT2_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_INT4"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_INT4_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_UINT2"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_UINT2_expanded"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_UINT4"] = NarrowTypes,
            ["node/test_castlike_FLOAT_to_UINT4_expanded"] = NarrowTypes,
            ["node/test_castlike_INT2_to_FLOAT"] = NarrowTypes,
            ["node/test_castlike_INT2_to_FLOAT16"] = NarrowTypes,
            ["node/test_castlike_INT2_to_FLOAT16_expanded"] = NarrowTypes,
            ["node/test_castlike_INT2_to_FLOAT_expanded"] = NarrowTypes,
            ["node/test_castlike_INT2_to_INT8"] = NarrowTypes,
            ["node/test_castlike_INT2_to_INT8_expanded"] = NarrowTypes,
            ["node/test_castlike_INT4_to_FLOAT"] = NarrowTypes,
            ["node/test_castlike_INT4_to_FLOAT16"] = NarrowTypes,
            ["node/test_castlike_INT4_to_FLOAT16_expanded"] = NarrowTypes,
            ["node/test_castlike_INT4_to_FLOAT_expanded"] = NarrowTypes,
            ["node/test_castlike_INT4_to_INT8"] = NarrowTypes,
            ["node/test_castlike_INT4_to_INT8_expanded"] = NarrowTypes,
            ["node/test_castlike_UINT2_to_FLOAT"] = NarrowTypes,
            ["node/test_castlike_UINT2_to_FLOAT16"] = NarrowTypes,
            ["node/test_castlike_UINT2_to_FLOAT16_expanded"] = NarrowTypes,
            ["node/test_castlike_UINT2_to_FLOAT_expanded"] = NarrowTypes,
            ["node/test_castlike_UINT2_to_UINT8"] = NarrowTypes,
            ["node/test_castlike_UINT2_to_UINT8_expanded"] = NarrowTypes,
            ["node/test_castlike_UINT4_to_FLOAT"] = NarrowTypes,
            ["node/test_castlike_UINT4_to_FLOAT16"] = NarrowTypes,
            ["node/test_castlike_UINT4_to_FLOAT16_expanded"] = NarrowTypes,
            ["node/test_castlike_UINT4_to_FLOAT_expanded"] = NarrowTypes,
            ["node/test_castlike_UINT4_to_UINT8"] = NarrowTypes,
            ["node/test_castlike_UINT4_to_UINT8_expanded"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT16_to_FLOAT8E4M3FN"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT16_to_FLOAT8E4M3FNUZ"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT16_to_FLOAT8E4M3FNUZ_expanded"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT16_to_FLOAT8E4M3FN_expanded"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT16_to_FLOAT8E5M2"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT16_to_FLOAT8E5M2FNUZ"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT16_to_FLOAT8E5M2FNUZ_expanded"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT16_to_FLOAT8E5M2_expanded"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT_to_FLOAT8E4M3FN"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT_to_FLOAT8E4M3FNUZ"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT_to_FLOAT8E4M3FNUZ_expanded"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT_to_FLOAT8E4M3FN_expanded"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT_to_FLOAT8E5M2"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT_to_FLOAT8E5M2FNUZ"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT_to_FLOAT8E5M2FNUZ_expanded"] = NarrowTypes,
            ["node/test_castlike_no_saturate_FLOAT_to_FLOAT8E5M2_expanded"] = NarrowTypes,

            // AffineGrid's function expansion
            ["node/test_affine_grid_2d_align_corners_expanded"] = UnprovenRuntimeDims,
            ["node/test_affine_grid_2d_expanded"] = UnprovenRuntimeDims,
            ["node/test_affine_grid_3d_align_corners_expanded"] = UnprovenRuntimeDims,
            ["node/test_affine_grid_3d_expanded"] = UnprovenRuntimeDims,

            // Celu in bfloat16 (and its expansion, CastLike around Elu)
            ["node/test_celu_bfloat16"] = NarrowTypes,
            ["node/test_celu_bfloat16_expanded"] = NarrowTypes,

            // QuantizeLinear/DequantizeLinear to or from float8, float4, int4, int2
            ["node/test_dequantizelinear_e4m3fn"] = NarrowTypes,
            ["node/test_dequantizelinear_e4m3fn_float16"] = NarrowTypes,
            ["node/test_dequantizelinear_e4m3fn_zero_point"] = NarrowTypes,
            ["node/test_dequantizelinear_e5m2"] = NarrowTypes,
            ["node/test_dequantizelinear_float4e2m1"] = NarrowTypes,
            ["node/test_dequantizelinear_int2"] = NarrowTypes,
            ["node/test_dequantizelinear_int4"] = NarrowTypes,
            ["node/test_dequantizelinear_uint2"] = NarrowTypes,
            ["node/test_dequantizelinear_uint4"] = NarrowTypes,
            ["node/test_quantizelinear_e4m3fn"] = NarrowTypes,
            ["node/test_quantizelinear_e5m2"] = NarrowTypes,
            ["node/test_quantizelinear_float4e2m1"] = NarrowTypes,
            ["node/test_quantizelinear_int2"] = NarrowTypes,
            ["node/test_quantizelinear_int4"] = NarrowTypes,
            ["node/test_quantizelinear_uint2"] = NarrowTypes,
            ["node/test_quantizelinear_uint4"] = NarrowTypes,
        };

        private const string ZeroLengthDims = "RUN zero-length symbolic dims: generated code requires every symbolic input dim to be at least 1 (the build's shape proofs assume it), and this test feeds an empty X[n]";

        /// <summary>
        /// Selected tests that compile, whose data the generated model rejects on purpose at run time: the reason, and
        /// the words the rejection must contain. Any other run failure, a pass (stale) or a mismatch still fails the case.
        /// </summary>
        public static readonly IReadOnlyDictionary<string, (string Reason, string Rejection)> RunRejections = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            // SplitToSequence of an empty tensor whose length is the symbolic dim n
            ["simple/test_sequence_model8"] = (ZeroLengthDims, "The symbolic dim 'n' must be at least 1."),
        };

        /// <summary>The reason a test is excluded for, from either table; null when it is not.</summary>
        public static string? ReasonFor(string test) =>
            Table.TryGetValue(test, out string? reason) ? reason : RunRejections.TryGetValue(test, out var rejection) ? rejection.Reason : null;

        /// <summary>"MG0102 opset newer than implemented: detail" → "MG0102 opset newer than implemented".</summary>
        public static string Category(string reason)
        {
            int colon = reason.IndexOf(':');
            return colon > 0 ? reason.Substring(0, colon) : reason;
        }

        /// <summary>The MG ids a reason excuses ("MG0102|MG0202 ..." → both).</summary>
        public static IReadOnlyList<string> ExcusedIds(string reason)
        {
            int space = reason.IndexOf(' ');
            string head = space > 0 ? reason.Substring(0, space) : reason;
            return head.Split('|').Where(id => id.StartsWith("MG", StringComparison.Ordinal)).ToArray();
        }
    }
}
