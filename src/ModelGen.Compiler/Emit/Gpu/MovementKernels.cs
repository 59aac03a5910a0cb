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
    /// int32, int64, fp16 and bf16 tensors. Each is a grid-stride loop over its output (a concat block: over its source)
    /// with the shapes, strides, starts, pads and counts of the build as literals, so the index arithmetic is a handful
    /// of constant divisions and multiply-adds per element; sizes that depend on symbolic input dims are read from the
    /// kernel's RunDims instead (Pad needs a fixed geometry). The CPU kernels' run-time checks (a slice inside its
    /// input, an index inside the axis) were done at build time or, for Gather's data-dependent indices, become a clamp,
    /// because a kernel cannot throw. bool (ILGPU kernels cannot take it) and run-time-shaped forms (slice.dynamic,
    /// pad.runtime) return false and run on the CPU.
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
            var sizes = new KernelSizes(_values.Dims);
            var inShape = Dims(call, "inShape");
            var starts = Dims(call, "starts");
            var steps = Dims(call, "steps");
            var outShape = Dims(call, "outShape");
            var inStrides = RowMajor(inShape);
            var origin = Enumerable.Range(0, inShape.Count).Aggregate(Ir.Dim.Zero, (sum, d) => sum + starts[d] * inStrides[d]);
            var outDims = outShape.Select(sizes.Of).ToList();
            var body = GeneratedKernelSet.Coordinates(outDims);
            body.Add("y[i] = x[" + Affine(origin, outDims, Enumerable.Range(0, outShape.Count).Select(d => steps[d] * inStrides[d]).ToArray(), sizes) + "];");
            return Launch("Slice", Product(outShape), body, lines, x, Buffer(call, "y"), sizes);
        }

        /// <summary>One input of a Concat: source [outer, sourceBlock] into destination [outer, destinationBlock] at destinationOffset.</summary>
        private bool ConcatBlock(KernelCall call, List<string> lines)
        {
            var source = Buffer(call, "source");
            if (!Movable(source)) return false;
            var sizes = new KernelSizes(_values.Dims);
            Dim outer = DimOf(call, "outer"), block = DimOf(call, "sourceBlock"), offset = DimOf(call, "destinationOffset");
            string b = sizes.Of(block), stride = sizes.Of(DimOf(call, "destinationBlock"));
            var body = new List<string>
            {
                "long o = i / " + b + ";",
                "y[o * " + stride + " + " + (offset.IsStatic && offset.Value == 0 ? "" : sizes.Of(offset) + " + ") + "(i - o * " + b + ")] = x[i];",
            };
            return Launch("one Concat input", outer * block, body, lines, source, Buffer(call, "destination"), sizes);
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
            var sizes = new KernelSizes(_values.Dims);
            Dim outer = DimOf(call, "outer"), picks = _values.Root(indices).Shape!.ElementCount, inner = DimOf(call, "inner");
            string a = sizes.Of(DimOf(call, "axisLength")), n = sizes.Of(inner), p = sizes.Of(picks);
            var body = new List<string>
            {
                "long k = i % " + n + ";",
                "long rest = i / " + n + ";",
                "long j = rest % " + p + ";",
                "long o = rest / " + p + ";",
                "long index = indices[j];",
                "if (index < 0L) index += " + a + ";",
                "index = index < 0L ? 0L : index >= " + a + " ? " + a + " - 1L : index;",
                "y[i] = data[(o * " + a + " + index) * " + n + " + k];",
            };
            string t = DeviceValues.DeviceType(data);
            var views = new List<(string, string)> { (t, "data"), (DeviceValues.DeviceType(indices), "indices"), (t, "y") };
            var count = outer * picks * inner;
            if (count.IsStatic && count.Value == 0) return true; // nothing to gather: no launch
            string body0 = GeneratedKernelSet.GridStride(sizes.Of(count), body);
            if (!sizes.Fits) return false;
            string field = _set.Add(Prefix, Summary("Gather"), views, body0, sizes.Any);
            lines.Add(field + "(_stream, _kernels.GridStride(" + _values.Dims.LaunchCount(count) + "), " + _values.View(data) + ", " + _values.View(indices) + ", " +
                      _values.View(Buffer(call, "y")) + (sizes.Any ? ", " + sizes.Argument : "") + ");");
            return true;
        }

        /// <summary>
        /// Each output coordinate minus the begin pad is the input coordinate; out of range, mode 0 writes the constant,
        /// 1 reflects (period 2(n−1)), 2 repeats the edge, 3 wraps: the same mapping as the CPU's Pad.Source.
        /// </summary>
        private bool Pad(KernelCall call, List<string> lines)
        {
            var x = Buffer(call, "x");
            // Pad keeps every dim a literal (and its constant a float or integer literal): a fixed geometry, float or integers.
            if (!Movable(x) || !IsStatic(call) || x.Type == ElementType.Float16 || x.Type == ElementType.BFloat16) return false;
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
            var sizes = new KernelSizes(_values.Dims);
            var shape = Dims(call, "shape");
            var dims = shape.Select(sizes.Of).ToList();
            var body = GeneratedKernelSet.Coordinates(dims);
            body.Add("y[i] = x[" + Affine(Ir.Dim.Zero, dims, Dims(call, "xStrides").ToArray(), sizes) + "];");
            return Launch("Expand", Product(shape), body, lines, x, Buffer(call, "y"), sizes);
        }

        /// <summary>y[c] = x[Σ (c[d] mod inShape[d])·inStride[d]].</summary>
        private bool Tile(KernelCall call, List<string> lines)
        {
            var x = Buffer(call, "x");
            if (!Movable(x)) return false;
            var sizes = new KernelSizes(_values.Dims);
            var inShape = Dims(call, "inShape");
            var outShape = Dims(call, "outShape");
            // An empty input tiles to nothing only when its dim is 0 at build time; a symbolic one is at least 1.
            if (inShape.Any(n => n.IsStatic && n.Value == 0)) return false;
            var strides = RowMajor(inShape);
            var outDims = outShape.Select(sizes.Of).ToList();
            var body = GeneratedKernelSet.Coordinates(outDims);
            var terms = Enumerable.Range(0, inShape.Count).Where(d => !(inShape[d].IsStatic && inShape[d].Value == 1))
                .Select(d => (outShape[d].Equals(inShape[d]) ? GeneratedKernelSet.Coordinate(outDims, d) : "(" + GeneratedKernelSet.Coordinate(outDims, d) + " % " + sizes.Of(inShape[d]) + ")") +
                             " * " + sizes.Of(strides[d])).ToList();
            body.Add("y[i] = x[" + (terms.Count == 0 ? "0L" : string.Join(" + ", terms)) + "];");
            return Launch("Tile", Product(outShape), body, lines, x, Buffer(call, "y"), sizes);
        }

        /// <summary>origin + Σ c[d]·coefficient[d] over the dims that move, in the kernel's sizes (dims as written by <paramref name="sizes"/>).</summary>
        private static string Affine(Dim origin, IReadOnlyList<string> shape, Dim[] coefficients, KernelSizes sizes)
        {
            var terms = Enumerable.Range(0, shape.Count).Where(d => shape[d] != "1L" && !(coefficients[d].IsStatic && coefficients[d].Value == 0))
                .Select(d => GeneratedKernelSet.Coordinate(shape, d) + " * " + sizes.Of(coefficients[d])).ToList();
            if (!(origin.IsStatic && origin.Value == 0) || terms.Count == 0) terms.Insert(0, sizes.Of(origin));
            return string.Join(" + ", terms);
        }

        /// <summary>
        /// A one-input, one-output kernel of x's element type over <paramref name="count"/> elements; its sizes that depend
        /// on symbolic dims go in a RunDims (false when there are more than it holds: the call then runs on the CPU).
        /// </summary>
        private bool Launch(string what, Dim count, List<string> body, List<string> lines, Value x, Value y, KernelSizes sizes)
        {
            if (count.IsStatic && count.Value == 0) return true; // nothing to move: no launch
            string loop = GeneratedKernelSet.GridStride(sizes.Of(count), body);
            if (!sizes.Fits) return false;
            string t = DeviceValues.DeviceType(x);
            string field = _set.Add(Prefix, Summary(what), new List<(string, string)> { (t, "x"), (t, "y") }, loop, sizes.Any);
            lines.Add(field + "(_stream, _kernels.GridStride(" + _values.Dims.LaunchCount(count) + "), " + _values.View(x) + ", " + _values.View(y) + (sizes.Any ? ", " + sizes.Argument : "") + ");");
            return true;
        }

        private static ValueList<Dim> Dims(KernelCall call, string name) => call.Operand<DimsOperand>(name).Values;

        private static Dim DimOf(KernelCall call, string name) => call.Operand<DimOperand>(name).Value;

        private static Dim Product(IEnumerable<Dim> dims) => dims.Aggregate(Ir.Dim.One, (a, b) => a * b);

        /// <summary>
        /// Element types a move can take: float, int and long, and fp16/bf16 as their device types (ILGPU.Half, ushort);
        /// not bool, which ILGPU kernels cannot take.
        /// </summary>
        private static bool Movable(Value v) => v.Type == ElementType.Float || v.Type == ElementType.Int32 || v.Type == ElementType.Int64 ||
                                                v.Type == ElementType.Float16 || v.Type == ElementType.BFloat16;

        private static string Summary(string what) => "A generated index-mapping kernel: " + what + " (grid-stride, explicitly grouped).";

        private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
    }
}
