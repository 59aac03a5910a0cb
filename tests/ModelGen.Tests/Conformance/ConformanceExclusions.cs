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
        // ONNX opsets 23-25 changed these ops only by widening their type constraints (float4e2m1, float8e8m0, int2/uint2);
        // the semantics are those of opset 21, but ModelGen's op table stops at 21 (MaxOpset), so it rejects the models.
        private const string OpsetNote = ", ModelGen implements 1-21 (opsets 23-25 only added element types)";
        private const string ConstantOpset25 = "MG0102 opset newer than implemented: Constant opset 25" + OpsetNote;
        private const string ShapeOpset25 = "MG0102 opset newer than implemented: Shape opset 25" + OpsetNote;
        private const string TransposeOpset25 = "MG0102 opset newer than implemented: Transpose opset 25" + OpsetNote;
        // Both limits apply: with the opset accepted, the run-time shape/axes input still makes the output shape dynamic.
        private const string ReshapeOpset25 = "MG0102|MG0202 opset newer than implemented: Reshape opset 25" + OpsetNote + "; its 'shape' is also a graph input fed at run time (dynamic shape, roadmap)";
        private const string UnsqueezeOpset25 = "MG0102|MG0202 opset newer than implemented: Unsqueeze opset 25" + OpsetNote + "; its 'axes' is also a graph input fed at run time (dynamic shape, roadmap)";
        private const string SliceDynamic = "MG0202 dynamic shape: Slice starts/ends are graph inputs fed at run time, so the output shape is unknown at build time (roadmap)";
        private const string TrainingMode = "MG0103 training mode: BatchNormalization training_mode=1 outputs running statistics; ModelGen compiles inference only";

        public static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // BatchNormalization
            ["node/test_batchnorm_epsilon_training_mode"] = TrainingMode,
            ["node/test_batchnorm_example_training_mode"] = TrainingMode,

            // Constant
            ["node/test_constant"] = ConstantOpset25,

            // Reshape
            ["node/test_reshape_allowzero_reordered"] = ReshapeOpset25,
            ["node/test_reshape_extended_dims"] = ReshapeOpset25,
            ["node/test_reshape_negative_dim"] = ReshapeOpset25,
            ["node/test_reshape_negative_extended_dims"] = ReshapeOpset25,
            ["node/test_reshape_one_dim"] = ReshapeOpset25,
            ["node/test_reshape_reduced_dims"] = ReshapeOpset25,
            ["node/test_reshape_reordered_all_dims"] = ReshapeOpset25,
            ["node/test_reshape_reordered_last_dims"] = ReshapeOpset25,
            ["node/test_reshape_zero_and_negative_dim"] = ReshapeOpset25,
            ["node/test_reshape_zero_dim"] = ReshapeOpset25,

            // Shape
            ["node/test_shape"] = ShapeOpset25,
            ["node/test_shape_clip_end"] = ShapeOpset25,
            ["node/test_shape_clip_start"] = ShapeOpset25,
            ["node/test_shape_end_1"] = ShapeOpset25,
            ["node/test_shape_end_negative_1"] = ShapeOpset25,
            ["node/test_shape_example"] = ShapeOpset25,
            ["node/test_shape_start_1"] = ShapeOpset25,
            ["node/test_shape_start_1_end_2"] = ShapeOpset25,
            ["node/test_shape_start_1_end_negative_1"] = ShapeOpset25,
            ["node/test_shape_start_greater_than_end"] = ShapeOpset25,
            ["node/test_shape_start_negative_1"] = ShapeOpset25,

            // Slice
            ["node/test_slice"] = SliceDynamic,
            ["node/test_slice_default_axes"] = SliceDynamic,
            ["node/test_slice_default_steps"] = SliceDynamic,
            ["node/test_slice_end_out_of_bounds"] = SliceDynamic,
            ["node/test_slice_neg"] = SliceDynamic,
            ["node/test_slice_neg_steps"] = SliceDynamic,
            ["node/test_slice_negative_axes"] = SliceDynamic,
            ["node/test_slice_start_out_of_bounds"] = SliceDynamic,

            // Transpose
            ["node/test_transpose_all_permutations_0"] = TransposeOpset25,
            ["node/test_transpose_all_permutations_1"] = TransposeOpset25,
            ["node/test_transpose_all_permutations_2"] = TransposeOpset25,
            ["node/test_transpose_all_permutations_3"] = TransposeOpset25,
            ["node/test_transpose_all_permutations_4"] = TransposeOpset25,
            ["node/test_transpose_all_permutations_5"] = TransposeOpset25,
            ["node/test_transpose_default"] = TransposeOpset25,

            // Unsqueeze
            ["node/test_unsqueeze_axis_0"] = UnsqueezeOpset25,
            ["node/test_unsqueeze_axis_1"] = UnsqueezeOpset25,
            ["node/test_unsqueeze_axis_2"] = UnsqueezeOpset25,
            ["node/test_unsqueeze_negative_axes"] = UnsqueezeOpset25,
            ["node/test_unsqueeze_three_axes"] = UnsqueezeOpset25,
            ["node/test_unsqueeze_two_axes"] = UnsqueezeOpset25,
            ["node/test_unsqueeze_unsorted_axes"] = UnsqueezeOpset25,
        };

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
