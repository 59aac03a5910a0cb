using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using static ModelGen.Compiler.Emit.Gpu.GpuOperands;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// Data-movement calls as generated index-mapping kernels: Slice, Concat (one kernel per concat.block call, each
    /// writing its block of the output), Gather, Pad (constant, reflect, edge, wrap), Expand and Tile, over float,
    /// int32 and int64 tensors. Each is a grid-stride loop over its output (a concat block: over its source) with the
    /// shapes, strides, starts, pads and counts of the build as literals, so the index arithmetic is a handful of
    /// constant divisions and multiply-adds per element; the CPU kernels' run-time checks (a slice inside its input, an
    /// index inside the axis) were done at build time or, for Gather's data-dependent indices, become a clamp, because
    /// a kernel cannot throw. Other element types (Half, bool: ILGPU kernels cannot take them) and run-time-shaped
    /// forms (slice.dynamic, pad.runtime) return false and run on the CPU.
    /// </summary>
    internal sealed class MovementKernels
    {
        private const string Prefix = "MovementKernel";

        private readonly DeviceValues _values;
        private readonly GeneratedKernelSet _set;

        public MovementKernels(DeviceValues values, GeneratedKernelSet set)
        {
            _values = values;
            _set = set;
        }

        /// <summary>Adds the launch for a data-movement call, or returns false when it has no GPU form here.</summary>
        public bool TryRender(KernelCall call, List<string> lines)
        {
            switch (call.Kernel)
            {
                case "slice": return Slice(call, lines);
                case "concat.block": return ConcatBlock(call, lines);
                case "gather": return Gather(call, lines);
                case "pad": return Pad(call, lines);
                case "expand": return Expand(call, lines);
                case "tile": return Tile(call, lines);
                default: return false;
            }
        }

        /// <summary>y[c] = x[Σ (starts[d] + c[d]·steps[d])·inStride[d]]: affine in the output coordinates.</summary>
        private bool Slice(KernelCall call, List<string> lines)
        {
            var x = Buffer(call, "x");
            if (!Movable(x)) return false;
            var inShape = Static(call, "inShape");
            var starts = Static(call, "starts");
            var steps = Static(call, "steps");
            var outShape = Static(call, "outShape");
            var inStrides = RowMajor(inShape);
            long origin = Enumerable.Range(0, inShape.Length).Sum(d => starts[d] * inStrides[d]);
            var body = GeneratedKernelSet.Coordinates(outShape);
            body.Add("y[i] = x[" + Affine(origin, outShape, Enumerable.Range(0, outShape.Length).Select(d => steps[d] * inStrides[d]).ToArray()) + "];");
            return Launch("Slice", call, outShape.Aggregate(1L, (a, b) => a * b), body, lines, x, Buffer(call, "y"));
        }

        /// <summary>One input of a Concat: source [outer, sourceBlock] into destination [outer, destinationBlock] at destinationOffset.</summary>
        private bool ConcatBlock(KernelCall call, List<string> lines)
        {
            var source = Buffer(call, "source");
            if (!Movable(source)) return false;
            long outer = Dim(call, "outer"), block = Dim(call, "sourceBlock"), stride = Dim(call, "destinationBlock"), offset = Dim(call, "destinationOffset");
            var body = new List<string>
            {
                "long o = i / " + Literals.Int(block) + "L;",
                "y[o * " + Literals.Int(stride) + "L + " + (offset == 0 ? "" : Literals.Int(offset) + "L + ") + "(i - o * " + Literals.Int(block) + "L)] = x[i];",
            };
            return Launch("one Concat input", call, outer * block, body, lines, source, Buffer(call, "destination"));
        }

        /// <summary>
        /// data as [outer, axisLength, inner], y as [outer, indices, inner]. A negative index counts from the end, as in
        /// ONNX; one outside the axis (the CPU class throws) is clamped into it, so a bad index cannot read outside data.
        /// </summary>
        private bool Gather(KernelCall call, List<string> lines)
        {
            var data = Buffer(call, "data");
            var indices = Buffer(call, "indices");
            if (!Movable(data) || (indices.Type != ElementType.Int64 && indices.Type != ElementType.Int32)) return false;
            long outer = Dim(call, "outer"), axis = Dim(call, "axisLength"), inner = Dim(call, "inner");
            long picks = _values.Count(indices);
            string a = Literals.Int(axis) + "L";
            var body = new List<string>
            {
                "long k = i % " + Literals.Int(inner) + "L;",
                "long rest = i / " + Literals.Int(inner) + "L;",
                "long j = rest % " + Literals.Int(picks) + "L;",
                "long o = rest / " + Literals.Int(picks) + "L;",
                "long index = indices[j];",
                "if (index < 0L) index += " + a + ";",
                "index = index < 0L ? 0L : index >= " + a + " ? " + a + " - 1L : index;",
                "y[i] = data[(o * " + a + " + index) * " + Literals.Int(inner) + "L + k];",
            };
            string t = DeviceValues.DeviceType(data);
            var views = new List<(string, string)> { (t, "data"), (DeviceValues.DeviceType(indices), "indices"), (t, "y") };
            long count = outer * picks * inner;
            if (count == 0) return true; // nothing to gather: no launch
            string field = _set.Add(Prefix, Summary("Gather"), views, GeneratedKernelSet.GridStride(count, body));
            lines.Add(field + "(_stream, _kernels.GridStride(" + Literals.Int(count) + "), " + _values.View(data) + ", " + _values.View(indices) + ", " +
                      _values.View(Buffer(call, "y")) + ");");
            return true;
        }

        /// <summary>
        /// Each output coordinate minus the begin pad is the input coordinate; out of range, mode 0 writes the constant,
        /// 1 reflects (period 2(n−1)), 2 repeats the edge, 3 wraps: the same mapping as the CPU's Pad.Source.
        /// </summary>
        private bool Pad(KernelCall call, List<string> lines)
        {
            var x = Buffer(call, "x");
            if (!Movable(x)) return false;
            var inDims = Static(call, "inDims");
            var begin = Static(call, "begin");
            var outDims = Static(call, "outDims");
            long mode = call.Operand<ScalarOperand>("mode").Int;
            var valueOperand = call.Operands.First(o => o.Name == "value");
            var valueBuffer = valueOperand as BufferOperand;
            if (valueBuffer != null && valueBuffer.Value.Type != x.Type) return false;
            string constant = valueBuffer != null ? "value[0]" : valueOperand is ScalarOperand literal ? Literals.Element(x.Type, literal.Float, literal.Int) : "default";
            if (inDims.Any(n => n == 0)) return false; // an empty input pads to the constant only: rare, and the CPU handles it
            var strides = RowMajor(inDims);
            var body = GeneratedKernelSet.Coordinates(outDims);
            var terms = new List<string>();
            bool anyOutside = false;
            for (int d = 0; d < inDims.Length; d++)
            {
                long n = inDims[d];
                bool padded = begin[d] != 0 || outDims[d] != n;
                string c = GeneratedKernelSet.Coordinate(outDims, d);
                string s = "s" + I(d);
                body.Add("long " + s + " = " + c + (begin[d] == 0 ? "" : " - " + Literals.Int(begin[d]) + "L") + ";");
                if (padded)
                {
                    string inRange = "(" + s + " >= 0L && " + s + " < " + Literals.Int(n) + "L)";
                    switch (mode)
                    {
                        case 0:
                            anyOutside = true;
                            body.Add("bool in" + I(d) + " = " + inRange + ";");
                            break;
                        case 1:
                            if (n == 1) body.Add(s + " = 0L;");
                            else
                            {
                                string period = Literals.Int(2 * (n - 1)) + "L";
                                body.Add("if (!" + inRange + ") { long m = ((" + s + " % " + period + ") + " + period + ") % " + period + "; " + s + " = m < " +
                                         Literals.Int(n) + "L ? m : " + period + " - m; }");
                            }
                            break;
                        case 2:
                            body.Add(s + " = " + s + " < 0L ? 0L : " + s + " >= " + Literals.Int(n) + "L ? " + Literals.Int(n - 1) + "L : " + s + ";");
                            break;
                        case 3:
                            body.Add(s + " = ((" + s + " % " + Literals.Int(n) + "L) + " + Literals.Int(n) + "L) % " + Literals.Int(n) + "L;");
                            break;
                        default:
                            return false;
                    }
                }
                if (n != 1) terms.Add(s + " * " + Literals.Int(strides[d]) + "L");
            }
            string source = terms.Count == 0 ? "0L" : string.Join(" + ", terms);
            var inside = Enumerable.Range(0, inDims.Length).Where(d => mode == 0 && (begin[d] != 0 || outDims[d] != inDims[d])).Select(d => "in" + I(d)).ToList();
            if (anyOutside)
            {
                // The conditional reads x only inside the input, so a padded position never reads out of bounds.
                body.Add("y[i] = " + string.Join(" && ", inside) + " ? x[" + source + "] : " + constant + ";");
            }
            else body.Add("y[i] = x[" + source + "];");
            string t = DeviceValues.DeviceType(x);
            long count = outDims.Aggregate(1L, (a, b) => a * b);
            var views = new List<(string, string)> { (t, "x") };
            if (valueBuffer != null) views.Add((t, "value"));
            views.Add((t, "y"));
            string field = _set.Add(Prefix, Summary("Pad"), views, GeneratedKernelSet.GridStride(count, body));
            lines.Add(field + "(_stream, _kernels.GridStride(" + Literals.Int(count) + "), " + _values.View(x) + ", " +
                      (valueBuffer != null ? _values.View(valueBuffer.Value) + ", " : "") + _values.View(Buffer(call, "y")) + ");");
            return true;
        }

        /// <summary>y[c] = x[Σ c[d]·xStrides[d]], stride 0 on the broadcast dims.</summary>
        private bool Expand(KernelCall call, List<string> lines)
        {
            var x = Buffer(call, "x");
            if (!Movable(x)) return false;
            var shape = Static(call, "shape");
            var body = GeneratedKernelSet.Coordinates(shape);
            body.Add("y[i] = x[" + Affine(0, shape, Static(call, "xStrides")) + "];");
            return Launch("Expand", call, shape.Aggregate(1L, (a, b) => a * b), body, lines, x, Buffer(call, "y"));
        }

        /// <summary>y[c] = x[Σ (c[d] mod inShape[d])·inStride[d]].</summary>
        private bool Tile(KernelCall call, List<string> lines)
        {
            var x = Buffer(call, "x");
            if (!Movable(x)) return false;
            var inShape = Static(call, "inShape");
            var outShape = Static(call, "outShape");
            if (inShape.Any(n => n == 0)) return false;
            var strides = RowMajor(inShape);
            var body = GeneratedKernelSet.Coordinates(outShape);
            var terms = Enumerable.Range(0, inShape.Length).Where(d => inShape[d] != 1)
                .Select(d => (outShape[d] == inShape[d] ? GeneratedKernelSet.Coordinate(outShape, d) : "(" + GeneratedKernelSet.Coordinate(outShape, d) + " % " + Literals.Int(inShape[d]) + "L)") +
                             " * " + Literals.Int(strides[d]) + "L").ToList();
            body.Add("y[i] = x[" + (terms.Count == 0 ? "0L" : string.Join(" + ", terms)) + "];");
            return Launch("Tile", call, outShape.Aggregate(1L, (a, b) => a * b), body, lines, x, Buffer(call, "y"));
        }

        /// <summary>origin + Σ c[d]·coefficient[d] over the dims that move.</summary>
        private static string Affine(long origin, long[] shape, long[] coefficients)
        {
            var terms = Enumerable.Range(0, shape.Length).Where(d => shape[d] != 1 && coefficients[d] != 0)
                .Select(d => GeneratedKernelSet.Coordinate(shape, d) + " * " + Literals.Int(coefficients[d]) + "L").ToList();
            if (origin != 0 || terms.Count == 0) terms.Insert(0, Literals.Int(origin) + "L");
            return string.Join(" + ", terms);
        }

        /// <summary>A one-input, one-output kernel of x's element type.</summary>
        private bool Launch(string what, KernelCall call, long count, List<string> body, List<string> lines, Value x, Value y)
        {
            if (count == 0) return true; // nothing to move: no launch
            string t = DeviceValues.DeviceType(x);
            string field = _set.Add(Prefix, Summary(what), new List<(string, string)> { (t, "x"), (t, "y") }, GeneratedKernelSet.GridStride(count, body));
            lines.Add(field + "(_stream, _kernels.GridStride(" + Literals.Int(count) + "), " + _values.View(x) + ", " + _values.View(y) + ");");
            return true;
        }

        /// <summary>ILGPU kernels take unmanaged element types it can map to PTX: float, int and long here (not Half or bool).</summary>
        private static bool Movable(Value v) => v.Type == ElementType.Float || v.Type == ElementType.Int32 || v.Type == ElementType.Int64;

        private static string Summary(string what) => "A generated index-mapping kernel: " + what + " (grid-stride, explicitly grouped, shapes as constants).";

        private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
    }
}
