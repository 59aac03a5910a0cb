using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX NonMaxSuppression: greedy per-class selection of boxes by score and overlap.</summary>
public static class NonMaxSuppression
{
    /// <summary>
    /// For each batch and class: the boxes whose score exceeds scoreThreshold (every box when it is empty), taken
    /// highest score first (ties: lower box index first), each kept unless its IoU with a box already kept for the
    /// class is above iouThreshold, until maxOutputBoxesPerClass are kept. Rows [batch, class, box] go to y in that
    /// order; count[0] is set to their number. Computed in float, as ONNX's reference does.
    /// </summary>
    /// <param name="boxes">[batches, boxCount, 4]: [y1, x1, y2, x2] corners, or [x_center, y_center, width, height].</param>
    /// <param name="scores">[batches, classes, boxCount].</param>
    /// <param name="maxOutputBoxesPerClass">One element, or empty for 0 (nothing selected).</param>
    /// <param name="iouThreshold">One element, or empty for 0.</param>
    /// <param name="scoreThreshold">One element, or empty for no score filter.</param>
    /// <param name="y">Output region, int64 [selected, 3].</param>
    /// <param name="batches">Number of batches.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="boxCount">Boxes per batch.</param>
    /// <param name="centerPointBox">Whether boxes hold centre, width and height.</param>
    /// <param name="work">Scratch of 2 × boxCount elements.</param>
    /// <param name="count">One element: the number of rows written.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> boxes, ReadOnlySpan<float> scores, ReadOnlySpan<long> maxOutputBoxesPerClass,
        ReadOnlySpan<float> iouThreshold, ReadOnlySpan<float> scoreThreshold, Span<long> y,
        int batches, int classes, int boxCount, bool centerPointBox, Span<long> work, Span<int> count)
    {
        if (batches < 0 || classes < 0 || boxCount < 0) throw new ArgumentException("NonMaxSuppression: negative dims.");
        Simd.Need(boxes.Length, (long)batches * boxCount * 4, nameof(boxes));
        Simd.Need(scores.Length, (long)batches * classes * boxCount, nameof(scores));
        Simd.Need(work.Length, 2L * boxCount, nameof(work));
        long limit = maxOutputBoxesPerClass.Length == 0 ? 0 : Math.Max(maxOutputBoxesPerClass[0], 0);
        float iou = iouThreshold.Length == 0 ? 0f : iouThreshold[0];
        bool filter = scoreThreshold.Length != 0;
        float threshold = filter ? scoreThreshold[0] : 0f;
        var order = work.Slice(0, boxCount);
        var kept = work.Slice(boxCount, boxCount);
        int rows = 0;
        for (int b = 0; b < batches; b++)
        {
            var batchBoxes = boxes.Slice(b * boxCount * 4, boxCount * 4);
            for (int c = 0; c < classes; c++)
            {
                var classScores = scores.Slice((b * classes + c) * boxCount, boxCount);
                int candidates = 0;
                for (int i = 0; i < boxCount; i++)
                    if (!filter || classScores[i] > threshold) order[candidates++] = SortKey(classScores[i], i);
                var sorted = order.Slice(0, candidates);
                sorted.Sort();
                int keptCount = 0;
                for (int k = 0; k < candidates && keptCount < limit; k++)
                {
                    int box = (int)(uint)sorted[k];
                    bool keep = true;
                    for (int s = 0; s < keptCount && keep; s++)
                        if (Overlaps(batchBoxes, box, (int)kept[s], centerPointBox, iou)) keep = false;
                    if (!keep) continue;
                    kept[keptCount++] = box;
                    Simd.Need(y.Length, 3L * (rows + 1), nameof(y));
                    y[rows * 3] = b;
                    y[rows * 3 + 1] = c;
                    y[rows * 3 + 2] = box;
                    rows++;
                }
            }
        }
        count[0] = rows;
    }

    /// <summary>A key whose ascending order is score descending, then box index ascending; the low 32 bits hold the index.</summary>
    private static long SortKey(float score, int index)
    {
        if (score == 0) score = 0; // -0 and +0 tie
        int bits = BitConverter.SingleToInt32Bits(score);
        uint ascending = bits < 0 ? ~(uint)bits : (uint)bits | 0x80000000u;
        uint descending = ~ascending;
        return (long)(((ulong)descending << 32) | (uint)index) ^ long.MinValue;
    }

    /// <summary>Whether box a's IoU with box b is above the threshold (false for empty boxes or no overlap).</summary>
    private static bool Overlaps(ReadOnlySpan<float> boxes, int a, int b, bool centerPointBox, float threshold)
    {
        float ax0, ax1, ay0, ay1, bx0, bx1, by0, by1;
        var p = boxes.Slice(a * 4, 4);
        var q = boxes.Slice(b * 4, 4);
        if (centerPointBox)
        {
            float pw = p[2] / 2, ph = p[3] / 2, qw = q[2] / 2, qh = q[3] / 2;
            ax0 = p[0] - pw; ax1 = p[0] + pw; ay0 = p[1] - ph; ay1 = p[1] + ph;
            bx0 = q[0] - qw; bx1 = q[0] + qw; by0 = q[1] - qh; by1 = q[1] + qh;
        }
        else
        {
            (ax0, ax1) = Ordered(p[1], p[3]); (ay0, ay1) = Ordered(p[0], p[2]);
            (bx0, bx1) = Ordered(q[1], q[3]); (by0, by1) = Ordered(q[0], q[2]);
        }
        float ix0 = Math.Max(ax0, bx0), ix1 = Math.Min(ax1, bx1);
        if (ix1 <= ix0) return false;
        float iy0 = Math.Max(ay0, by0), iy1 = Math.Min(ay1, by1);
        if (iy1 <= iy0) return false;
        float intersection = (ix1 - ix0) * (iy1 - iy0);
        if (intersection <= 0) return false;
        float areaA = (ax1 - ax0) * (ay1 - ay0), areaB = (bx1 - bx0) * (by1 - by0);
        float union = areaA + areaB - intersection;
        if (areaA <= 0 || areaB <= 0 || union <= 0) return false;
        return intersection / union > threshold;
    }

    private static (float Low, float High) Ordered(float u, float v) => u >= v ? (v, u) : (u, v);
}
