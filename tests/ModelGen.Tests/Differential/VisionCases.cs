using System;
using System.Linq;
using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// LRN, NonMaxSuppression, RoiAlign, MaxUnpool and DeformConv: LRN windows narrower and wider than the channels; NMS over two batches and
    /// three classes with corners given as any diagonal pair, center boxes, thresholds as initializers and none at all;
    /// RoiAlign's avg and max modes, both coordinate modes, fixed and adaptive sampling, a spatial scale; MaxUnpool with
    /// strides, pads and output_shape; DeformConv with groups, offset groups, a mask, a bias, strides and dilations.
    /// </summary>
    internal static class VisionCases
    {
        public static void Add(CaseSet set)
        {
            Lrn(set);
            Nms(set);
            RoiAlign(set);
            MaxUnpool(set);
            DeformConv(set);
        }

        private static double[] ValuesOf(DiffTensor t) => new TensorData(t.Type, t.Dims, t.Raw).AsDouble();

        private static void Lrn(CaseSet set)
        {
            foreach (var t in TypesOf("LRN"))
            {
                set.Node("vision", "LRN", t, "[2,7,5,4], size 3, alpha 0.002, beta 0.6, bias 1.5", new[] { set.Random.Uniform("x", t, D(2, 7, 5, 4), -4, 4) }, new[] { t },
                    a => a.Int("size", 3).Float("alpha", 0.002f).Float("beta", 0.6f).Float("bias", 1.5f));
                if (t != ElementType.Float) continue;
                // ONNX allows even sizes, but ORT's LRN kernel asserts an odd one (size_ % 2 == 1) at load, so none is judged here.
                set.Node("vision", "LRN", t, "[1,9,3,6], size 5, alpha 0.05, beta 1.2", new[] { set.Random.Uniform("x", t, D(1, 9, 3, 6), -4, 4) }, new[] { t },
                    a => a.Int("size", 5).Float("alpha", 0.05f).Float("beta", 1.2f));
                set.Node("vision", "LRN", t, "opset 12 (revision 1): [2,6,4,3], size 7 (wider than half the channels), default alpha/beta/bias",
                    new[] { set.Random.Uniform("x", t, D(2, 6, 4, 3), -20, 20) }, new[] { t }, a => a.Int("size", 7), opset: 12);
            }
        }

        /// <summary>[batches, boxes, 4] boxes: corner pairs drawn in [0, 8] in any order, or (with <paramref name="center"/>) centres in [1, 7] with sizes in [0.5, 4].</summary>
        private static DiffTensor Boxes(CaseSet set, long batches, long boxes, bool center)
        {
            if (!center) return set.Random.Uniform("boxes", ElementType.Float, D(batches, boxes, 4), 0, 8);
            var xy = ValuesOf(set.Random.Uniform("c", ElementType.Float, D(batches * boxes, 2), 1, 7));
            var wh = ValuesOf(set.Random.Uniform("s", ElementType.Float, D(batches * boxes, 2), 0.5, 4));
            var values = Enumerable.Range(0, (int)(batches * boxes)).SelectMany(i => new[] { xy[2 * i], xy[2 * i + 1], wh[2 * i], wh[2 * i + 1] }).ToArray();
            return RandomTensors.Of("boxes", ElementType.Float, D(batches, boxes, 4), values);
        }

        private static void Nms(CaseSet set)
        {
            var f = ElementType.Float;
            var i64 = ElementType.Int64;
            set.Node("vision", "NonMaxSuppression", f, "2 batches, 3 classes, 9 boxes (corners in any order), max 4, iou 0.45, score 0.2",
                new[] { Boxes(set, 2, 9, false), set.Random.Uniform("scores", f, D(2, 3, 9), 0, 1),
                    Int64s("max_output_boxes_per_class", 4), Floats("iou_threshold", 0.45), Floats("score_threshold", 0.2) }, new[] { i64 });
            set.Node("vision", "NonMaxSuppression", f, "center_point_box=1, 1 batch, 2 classes, 12 boxes, max 20 (more than the boxes), iou 0.3, no score threshold",
                new[] { Boxes(set, 1, 12, true), set.Random.Uniform("scores", f, D(1, 2, 12), 0, 1), Int64s("max_output_boxes_per_class", 20), Floats("iou_threshold", 0.3) },
                new[] { i64 }, a => a.Int("center_point_box", 1));
            set.Node("vision", "NonMaxSuppression", f, "opset 10: 3 batches, 1 class, 7 boxes, max 3, default iou 0 (any overlap suppresses)",
                new[] { Boxes(set, 3, 7, false), set.Random.Uniform("scores", f, D(3, 1, 7), 0, 1), Int64s("max_output_boxes_per_class", 3) }, new[] { i64 }, opset: 10);
            set.Node("vision", "NonMaxSuppression", f, "boxes and scores only (max_output_boxes_per_class absent: no box selected)",
                new[] { Boxes(set, 1, 5, false), set.Random.Uniform("scores", f, D(1, 2, 5), 0, 1) }, new[] { i64 });
        }

        /// <summary>[count, 4] regions (x1, y1, x2, y2): a corner in [lo, hi] and a size in [1, 5].</summary>
        private static DiffTensor Rois(CaseSet set, ElementType t, long count, double lo, double hi)
        {
            var at = ValuesOf(set.Random.Uniform("at", ElementType.Double, D(count, 2), lo, hi));
            var size = ValuesOf(set.Random.Uniform("size", ElementType.Double, D(count, 2), 1, 5));
            var values = Enumerable.Range(0, (int)count).SelectMany(i => new[] { at[2 * i], at[2 * i + 1], at[2 * i] + size[2 * i], at[2 * i + 1] + size[2 * i + 1] }).ToArray();
            return RandomTensors.Of("rois", t, D(count, 4), values);
        }

        private static void RoiAlign(CaseSet set)
        {
            foreach (var t in TypesOf("RoiAlign"))
            {
                set.Node("vision", "RoiAlign", t, "X [2,3,10,9], 4 rois, output 3x2, sampling_ratio 2, spatial_scale 0.5",
                    new[] { Values(set, "x", t, D(2, 3, 10, 9)), Rois(set, t, 4, 0, 12), set.Random.Uniform("batch_indices", ElementType.Int64, D(4), 0, 1) }, new[] { t },
                    a => a.Int("output_height", 3).Int("output_width", 2).Int("sampling_ratio", 2).Float("spatial_scale", 0.5f));
                if (t != ElementType.Float) continue;
                set.Node("vision", "RoiAlign", t, "mode=max, adaptive sampling, output 4x3, rois reaching past the image",
                    new[] { Values(set, "x", t, D(1, 2, 8, 7)), Rois(set, t, 3, -1, 6), RandomTensors.Of("batch_indices", ElementType.Int64, D(3), 0, 0, 0) }, new[] { t },
                    a => a.String("mode", "max").Int("output_height", 4).Int("output_width", 3));
                set.Node("vision", "RoiAlign", t, "coordinate_transformation_mode=output_half_pixel, sampling_ratio 3, output 2x5",
                    new[] { Values(set, "x", t, D(2, 2, 9, 11)), Rois(set, t, 3, 0, 6), set.Random.Uniform("batch_indices", ElementType.Int64, D(3), 0, 1) }, new[] { t },
                    a => a.String("coordinate_transformation_mode", "output_half_pixel").Int("sampling_ratio", 3).Int("output_height", 2).Int("output_width", 5));
                set.Node("vision", "RoiAlign", t, "opset 22, mode=max, spatial_scale 0.25, sampling_ratio 1",
                    new[] { Values(set, "x", t, D(1, 3, 6, 6)), Rois(set, t, 2, 0, 18), RandomTensors.Of("batch_indices", ElementType.Int64, D(2), 0, 0) }, new[] { t },
                    a => a.String("mode", "max").Float("spatial_scale", 0.25f).Int("sampling_ratio", 1).Int("output_height", 2).Int("output_width", 2), opset: 22);
            }
        }

        /// <summary>
        /// MaxUnpool's indices for x <paramref name="x"/>: for each [n, c] plane, distinct random positions of the output plane
        /// [<paramref name="h"/>, <paramref name="w"/>], flattened over the whole output tensor as MaxPool's indices are.
        /// </summary>
        private static DiffTensor UnpoolIndices(CaseSet set, long[] x, long h, long w)
        {
            long planes = x[0] * x[1], inner = x[2] * x[3], plane = h * w;
            var keys = ValuesOf(set.Random.Uniform("keys", ElementType.Double, D(planes, plane), 0, 1));
            var values = new double[planes * inner];
            for (long p = 0; p < planes; p++)
            {
                var order = Enumerable.Range(0, (int)plane).OrderBy(k => keys[p * plane + k]).Take((int)inner).ToArray();
                for (long i = 0; i < inner; i++) values[p * inner + i] = p * plane + order[i];
            }
            return RandomTensors.Of("i", ElementType.Int64, x, values);
        }

        private static void MaxUnpool(CaseSet set)
        {
            foreach (var t in TypesOf("MaxUnpool"))
            {
                set.Node("vision", "MaxUnpool", t, "x [1,2,3,4], kernel 2, strides 2 → [1,2,6,8]",
                    new[] { Values(set, "x", t, D(1, 2, 3, 4)), UnpoolIndices(set, D(1, 2, 3, 4), 6, 8) }, new[] { t }, a => a.Ints("kernel_shape", 2, 2).Ints("strides", 2, 2));
                if (t != ElementType.Float) continue;
                // H = (4 - 1)·2 - 1 + 3 = 8, W = (3 - 1)·3 - 1 + 2 = 7.
                set.Node("vision", "MaxUnpool", t, "x [2,1,4,3], kernel [3,2], strides [2,3], pads [1,0,0,1] → [2,1,8,7]",
                    new[] { Values(set, "x", t, D(2, 1, 4, 3)), UnpoolIndices(set, D(2, 1, 4, 3), 8, 7) }, new[] { t },
                    a => a.Ints("kernel_shape", 3, 2).Ints("strides", 2, 3).Ints("pads", 1, 0, 0, 1));
                set.Node("vision", "MaxUnpool", t, "x [1,3,2,3], kernel 2, strides 2, output_shape [1,3,5,7] (indices in the [4,6] plane)",
                    new[] { Values(set, "x", t, D(1, 3, 2, 3)), UnpoolIndices(set, D(1, 3, 2, 3), 4, 6), Int64s("output_shape", 1, 3, 5, 7) }, new[] { t },
                    a => a.Ints("kernel_shape", 2, 2).Ints("strides", 2, 2));
                set.Node("vision", "MaxUnpool", t, "opset 9, 1-D: x [2,3,5], kernel 3, strides 3 → [2,3,15]",
                    new[] { Values(set, "x", t, D(2, 3, 5)), UnpoolIndices1D(set, D(2, 3, 5), 15) }, new[] { t }, a => a.Ints("kernel_shape", 3).Ints("strides", 3), opset: 9);
            }
        }

        private static DiffTensor UnpoolIndices1D(CaseSet set, long[] x, long length)
        {
            var i = UnpoolIndices(set, D(x[0], x[1], x[2], 1), length, 1);
            return new DiffTensor(i.Name, i.Type, x, i.Raw);
        }

        private static void DeformConv(CaseSet set)
        {
            foreach (var t in TypesOf("DeformConv"))
            {
                // oH = 7 + 2 - 3 + 1 = 7, oW = 6 + 2 - 3 + 1 = 6; offset [1, 3·3·2, 7, 6].
                set.Node("vision", "DeformConv", t, "X [1,2,7,6], W [3,2,3,3], pads 1, offsets in [-1.5,1.5]",
                    new[] { Values(set, "x", t, D(1, 2, 7, 6)), Values(set, "w", t, D(3, 2, 3, 3)), set.Random.Uniform("offset", t, D(1, 18, 7, 6), -1.5, 1.5) }, new[] { t },
                    a => a.Ints("pads", 1, 1, 1, 1), halfViaFloat: true);
                if (t != ElementType.Float) continue;
                // group 2, offset_group 2, kernel [2,3], strides [2,1], dilations [1,2]: oH = (8 - 2)/2 + 1 = 4, oW = (9 - 5)/1 + 1 = 5.
                set.Node("vision", "DeformConv", t, "group=2, offset_group=2, kernel [2,3], strides [2,1], dilations [1,2], bias and mask",
                    new[] { Values(set, "x", t, D(2, 4, 8, 9)), Values(set, "w", t, D(6, 2, 2, 3)), set.Random.Uniform("offset", t, D(2, 24, 4, 5), -2, 2),
                        Values(set, "b", t, D(6)), set.Random.Uniform("mask", t, D(2, 12, 4, 5), 0, 1) }, new[] { t },
                    a => a.Int("group", 2).Int("offset_group", 2).Ints("kernel_shape", 2, 3).Ints("strides", 2, 1).Ints("dilations", 1, 2));
                set.Node("vision", "DeformConv", t, "opset 22, mask without bias, pads [0,1,2,0], offsets in [-3,3] (taps outside X)",
                    new[] { Values(set, "x", t, D(1, 3, 5, 5)), Values(set, "w", t, D(2, 3, 2, 2)), set.Random.Uniform("offset", t, D(1, 8, 6, 5), -3, 3),
                        set.Random.Uniform("mask", t, D(1, 4, 6, 5), 0, 1) }, new[] { t },
                    a => a.Ints("pads", 0, 1, 2, 0), opset: 22, nodeInputs: new[] { "x", "w", "offset", "", "mask" });
            }
        }
    }
}
