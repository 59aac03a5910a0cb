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
        // These tests feed Reshape's shape / Unsqueeze's axes as graph inputs, so the output shape is only known at run time.
        private const string ReshapeDynamic = "MG0202 Reshape's 'shape' is a graph input fed at run time (dynamic shape, roadmap)";
        private const string UnsqueezeDynamic = "MG0202 Unsqueeze's 'axes' is a graph input fed at run time (dynamic shape, roadmap)";
        private const string SliceDynamic = "MG0202 dynamic shape: Slice starts/ends are graph inputs fed at run time, so the output shape is unknown at build time (roadmap)";
        private const string TrainingMode = "MG0103 training mode: BatchNormalization training_mode=1 outputs running statistics; ModelGen compiles inference only";

        public static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // BatchNormalization
            ["node/test_batchnorm_epsilon_training_mode"] = TrainingMode,
            ["node/test_batchnorm_example_training_mode"] = TrainingMode,

            // Reshape
            ["node/test_reshape_allowzero_reordered"] = ReshapeDynamic,
            ["node/test_reshape_extended_dims"] = ReshapeDynamic,
            ["node/test_reshape_negative_dim"] = ReshapeDynamic,
            ["node/test_reshape_negative_extended_dims"] = ReshapeDynamic,
            ["node/test_reshape_one_dim"] = ReshapeDynamic,
            ["node/test_reshape_reduced_dims"] = ReshapeDynamic,
            ["node/test_reshape_reordered_all_dims"] = ReshapeDynamic,
            ["node/test_reshape_reordered_last_dims"] = ReshapeDynamic,
            ["node/test_reshape_zero_and_negative_dim"] = ReshapeDynamic,
            ["node/test_reshape_zero_dim"] = ReshapeDynamic,

            // Slice
            ["node/test_slice"] = SliceDynamic,
            ["node/test_slice_default_axes"] = SliceDynamic,
            ["node/test_slice_default_steps"] = SliceDynamic,
            ["node/test_slice_end_out_of_bounds"] = SliceDynamic,
            ["node/test_slice_neg"] = SliceDynamic,
            ["node/test_slice_neg_steps"] = SliceDynamic,
            ["node/test_slice_negative_axes"] = SliceDynamic,
            ["node/test_slice_start_out_of_bounds"] = SliceDynamic,

            // Unsqueeze
            ["node/test_unsqueeze_axis_0"] = UnsqueezeDynamic,
            ["node/test_unsqueeze_axis_1"] = UnsqueezeDynamic,
            ["node/test_unsqueeze_axis_2"] = UnsqueezeDynamic,
            ["node/test_unsqueeze_negative_axes"] = UnsqueezeDynamic,
            ["node/test_unsqueeze_three_axes"] = UnsqueezeDynamic,
            ["node/test_unsqueeze_two_axes"] = UnsqueezeDynamic,
            ["node/test_unsqueeze_unsorted_axes"] = UnsqueezeDynamic,
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
