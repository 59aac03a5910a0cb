using System;

namespace ModelGen.Gpu.Kernels.Rows;

/// <summary>A contiguous [Rows, Cols] view of a tensor whose last axis (or trailing axes) a row kernel works along.</summary>
public struct RowArgs
{
    /// <summary>The number of rows (the product of the leading dims).</summary>
    public int Rows;

    /// <summary>The row length (the product of the reduced trailing dims).</summary>
    public int Cols;

    /// <summary>LayerNormalization's epsilon (unused by the other row kernels).</summary>
    public float Epsilon;

    /// <summary>1 when LayerNormalization adds a bias.</summary>
    public int HasBias;

    /// <summary>1 for RMSNormalization: rows divided by their root mean square, with no mean subtracted.</summary>
    public int Rms;

    /// <summary>
    /// 0 when the normalisation's scale and bias run along a row (LayerNormalization: scale[col]); C when they hold one
    /// value per channel and row r is channel r mod C (InstanceNormalization over [N, C, spatial...]: scale[r mod C]).
    /// </summary>
    public int ScaleChannels;

    /// <summary>Checked rows × cols.</summary>
    public static RowArgs Create(int rows, int cols, float epsilon = 1e-5f, bool hasBias = false, bool rms = false, int scaleChannels = 0)
    {
        if (scaleChannels < 0 || (scaleChannels > 0 && rows % scaleChannels != 0))
        {
            throw new ArgumentException($"{rows} rows are not whole groups of {scaleChannels} channels.", nameof(scaleChannels));
        }

        if (rows < 1 || cols < 1)
        {
            throw new ArgumentException($"Row kernels need at least one row and one column, got {rows}×{cols}.");
        }

        return new RowArgs { Rows = rows, Cols = cols, Epsilon = epsilon, HasBias = hasBias ? 1 : 0, Rms = rms ? 1 : 0, ScaleChannels = scaleChannels };
    }
}
