using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using static ModelGen.Compiler.Emit.Gpu.GpuOperands;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// Renders a lowered kernel call as a launch of a ModelGen.Gpu library kernel (<c>GpuKernels</c>) on the session's
    /// stream, when the library has one for it: copies (Reshape, Identity...), MatMul of ranks 2 to 4, Gemm, 2-D Conv
    /// (direct, pointwise and im2col calls all go to <c>GpuKernels.Conv</c>, which picks depthwise or direct on the
    /// device), 2-D MaxPool and AveragePool, Softmax and LogSoftmax over the last axis, Transpose, ReduceSum/Mean/Max/Min
    /// over trailing axes, LayerNormalization over the last axes, all over float. A call of a fixed geometry has literal
    /// arguments, its argument structs built once, as static fields. With symbolic input dims (<see cref="SessionDims"/>)
    /// the sizes that depend on them are expressions over the bound dims: Gemm's and the row kernels' arguments are
    /// built per call (plain structs), a convolution's or pooling's geometry once at batch 1 and given each call's batch
    /// (<c>WithBatch</c>), and a shape list filled per call into an array of the session's own. A MatMul's, Gemm's or
    /// Conv's GEMM tile is chosen at build time, for <see cref="GpuTarget"/>, when its M, N and batch count are static
    /// (the host still checks it fits the device); otherwise the host chooses at run time. A call with anything else (another element type, a fused epilogue, a MaxPool Indices output)
    /// returns false, and the session runs the CPU kernel for it instead (see <see cref="HostFallbackEmitter"/>).
    /// </summary>
    internal sealed class GpuLaunches
    {
        private const string Kernels = "global::ModelGen.Gpu.Kernels.";
        private const string Identity = "default(" + Kernels + "Elementwise.IdentityOp)";
        private const string Empty = "global::ILGPU.ArrayView<float>.Empty";

        private readonly ModelLayout _m;
        private readonly DeviceValues _values;
        private readonly SessionDims _dims;

        public GpuLaunches(ModelLayout m, DeviceValues values)
        {
            _m = m;
            _values = values;
            _dims = values.Dims;
        }

        /// <summary>Fields the launches use (static argument structs and shapes; per-session arrays for shapes with symbolic dims), one declaration each.</summary>
        public List<string> Fields { get; } = new List<string>();

        /// <summary>
        /// The ConvArgs expression of every convolution launch: the session sizes its im2col workspace (<c>_workspace</c>)
        /// as the largest <c>GpuKernels.ConvWorkspaceLength</c> of them (at creation, and in Bind for symbolic dims).
        /// </summary>
        public List<string> ConvArguments { get; } = new List<string>();

        /// <summary>Adds the launch statements for <paramref name="call"/> to <paramref name="lines"/>, or returns false.</summary>
        public bool TryRender(KernelCall call, List<string> lines)
        {
            if (LowerContext.IsCopy(call.Kernel))
            {
                var from = call.Operand<BufferOperand>("source").Value;
                var to = call.Operand<BufferOperand>("destination").Value;
                if (_m.Plan.IsElidedCopy(from, to)) return true;
                // The library's copy kernel is generic over the device's element types (fp16 as ILGPU.Half, bf16 as ushort);
                // ILGPU kernels cannot take bool, so those copies fall back.
                if (!Copyable(from.Type)) return false;
                lines.Add("_kernels.Copy<" + DeviceValues.DeviceType(from) + ">(_stream, " + _values.View(from) + ", " + _values.View(to) + ");");
                return true;
            }
            if (Cast(call, lines)) return true;
            if (call.Kernel == "transpose" && call.TypeArgs.All(t => t == ElementType.Float16 || t == ElementType.BFloat16)) return Transpose(call, lines);
            if (call.TypeArgs.Any(t => t != ElementType.Float) || call.Operands.OfType<ExprOperand>().Any()) return false;
            switch (call.Kernel)
            {
                case "matmul": return MatMul(call, lines);
                case "gemm": return Gemm(call, lines);
                case "conv.direct":
                case "conv.pointwise":
                case "conv.im2col_gemm":
                case "conv.shifted":
                    return Conv(call, lines);
                case "maxpool": return Pool(call, lines, "MaxPool");
                case "averagepool": return Pool(call, lines, "AveragePool");
                case "softmax": return Softmax(call, lines, log: false);
                case "logsoftmax": return Softmax(call, lines, log: true);
                case "transpose": return Transpose(call, lines);
                case "reduce.sum": return Reduce(call, lines, "Sum");
                case "reduce.mean": return Reduce(call, lines, "Mean");
                case "reduce.max": return Reduce(call, lines, "Max");
                case "reduce.min": return Reduce(call, lines, "Min");
                case "reduce.logsumexp": return Reduce(call, lines, "LogSumExp");
                case "normalize": return LayerNorm(call, lines);
                default: return false;
            }
        }

        private static bool Copyable(ElementType t) =>
            t == ElementType.Float || t == ElementType.Int32 || t == ElementType.Int64 || t == ElementType.Float16 || t == ElementType.BFloat16;

        /// <summary>
        /// The conversions between fp32 and fp16 or bf16, by the library's cast kernels (rounding to nearest-even): an fp16
        /// or bf16 model's activations stay narrow in device memory, and each MatMul, Conv or normalisation widens its
        /// inputs to fp32 scratch, computes and accumulates in fp32, and narrows its result (the lowering's HalfInFloat).
        /// </summary>
        private bool Cast(KernelCall call, List<string> lines)
        {
            if (call.Kernel != "cast" && call.Kernel != "cast.from_narrow" && call.Kernel != "cast.to_narrow") return false;
            var x = Buffer(call, "x");
            var y = Buffer(call, "y");
            string? launcher =
                x.Type == ElementType.Float16 && y.Type == ElementType.Float ? "HalfToFloat" :
                x.Type == ElementType.Float && y.Type == ElementType.Float16 ? "FloatToHalf" :
                x.Type == ElementType.BFloat16 && y.Type == ElementType.Float ? "BFloat16ToFloat" :
                x.Type == ElementType.Float && y.Type == ElementType.BFloat16 ? "FloatToBFloat16" : null;
            if (launcher == null) return false;
            lines.Add("_kernels." + launcher + "(_stream, " + _values.View(x) + ", " + _values.View(y) + ");");
            return true;
        }

        private bool MatMul(KernelCall call, List<string> lines)
        {
            var a = Buffer(call, "a");
            var b = Buffer(call, "b");
            if (a.Shape!.Rank < 2 || a.Shape.Rank > 4 || b.Shape!.Rank < 2 || b.Shape.Rank > 4) return false;
            string aShape = Shape(a.Shape.Dims, lines), bShape = Shape(b.Shape.Dims, lines);
            var y = Buffer(call, "y");
            // One GEMM over the output's batch dims (the library broadcasts A's and B's to them).
            Dim batches = y.Shape!.Dims.Take(y.Shape.Rank - 2).Aggregate(Ir.Dim.One, (p, d) => p * d);
            string tile = Tile(a.Shape.Dims[a.Shape.Rank - 2], b.Shape.Dims[b.Shape.Rank - 1], batches);
            lines.Add("_kernels.MatMul(_stream, " + _values.View(a) + ", " + aShape + ", " + _values.View(b) + ", " + bShape + ", " + _values.View(y) + tile + ");");
            return true;
        }

        private bool Gemm(KernelCall call, List<string> lines)
        {
            var c = call.Operands.FirstOrDefault(o => o.Name == "c") as BufferOperand;
            string args = Kernels + "Gemm.GemmArgs.Dense(" + Int(call, "m") + ", " + Int(call, "n") + ", " + Int(call, "k") + ", " +
                          Flag(call, "transA") + ", " + Flag(call, "transB") + ", " + Float(call, "alpha") + ")";
            if (c != null) args += ".WithBias(" + Float(call, "beta") + ", " + Int(call, "cRowStride") + ", " + Int(call, "cColStride") + ")";
            lines.Add("_kernels.Gemm(_stream, " + Args(call, Kernels + "Gemm.GemmArgs", args) + ", 1, " + _values.View(Buffer(call, "a")) + ", " +
                      _values.View(Buffer(call, "b")) + ", " + (c == null ? Empty : _values.View(c.Value)) + ", " + _values.View(Buffer(call, "y")) + ", " + Identity +
                      Tile(call.Operand<DimOperand>("m").Value, call.Operand<DimOperand>("n").Value, Ir.Dim.One) + ");");
            return true;
        }

        private bool Conv(KernelCall call, List<string> lines)
        {
            var x = Buffer(call, "x");
            var w = Buffer(call, "w");
            var bias = call.Operands.FirstOrDefault(o => o.Name == "bias") as BufferOperand;
            if (x.Shape!.Rank != 4 || !OnlyBatchVaries(call, x)) return false;
            var xs = AtBatchOne(x);
            var ws = w.Shape!.Dims.Select(d => d.Value).ToArray();
            long groups = xs[1] / ws[1];
            // A pointwise call carries no window: 1×1, stride 1, no padding.
            bool window = call.Operands.Any(o => o.Name == "strides");
            string args = Kernels + "Conv.ConvArgs.Create(" + Longs(new[] { xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3] }, array: false) + ", " +
                          Ints(window ? Static(call, "strides") : new[] { 1L, 1L }) + ", " + Ints(window ? Pads(call, xs, ws) : new long[4]) + ", " +
                          Ints(window ? Static(call, "dilations") : new[] { 1L, 1L }) + ", " + Literals.Int(groups) + ", " + (bias != null ? "true" : "false") + ")";
            string geometry = Field(Kernels + "Conv.ConvArgs", args) + Batch(x);
            ConvArguments.Add(geometry);
            // The tile of the im2col path's GEMM (output channels per group × output plane, over images × groups); the
            // library ignores it when it takes another path.
            long[] plane = window ? Static(call, "outSpatial") : new[] { xs[2], xs[3] };
            string tile = Tile(ws[0] / groups, plane[0] * plane[1], x.Shape.Dims[0] * groups);
            lines.Add("_kernels.Conv(_stream, " + geometry + ", " + _values.View(x) + ", " + _values.View(w) + ", " +
                      (bias == null ? Empty : _values.View(bias.Value)) + ", " + _values.View(Buffer(call, "y")) + ", " + Identity + ", " + Workspace.View + tile + ");");
            return true;
        }

        private bool Pool(KernelCall call, List<string> lines, string launcher)
        {
            if (call.Operands.OfType<BufferOperand>().Any(b => b.Name == "indices")) return false;
            var x = Buffer(call, "x");
            if (x.Shape!.Rank != 4 || !OnlyBatchVaries(call, x)) return false;
            var xs = AtBatchOne(x);
            var kernel = Static(call, "kernel");
            var begin = Static(call, "padsBegin");
            var end = call.Operands.Any(o => o.Name == "padsEnd") ? Static(call, "padsEnd") : EndPads(xs, kernel, Static(call, "outSpatial"), Static(call, "strides"), Static(call, "dilations"), begin);
            string includePad = call.Operands.Any(o => o.Name == "countIncludePad") ? Flag(call, "countIncludePad") : "false";
            string args = Kernels + "Pooling.PoolArgs.Create(" + Longs(new[] { xs[0], xs[1], xs[2], xs[3], kernel[0], kernel[1] }, array: false) + ", " +
                          Ints(Static(call, "strides")) + ", " + Ints(new[] { begin[0], begin[1], end[0], end[1] }) + ", " + Ints(Static(call, "dilations")) + ", " + includePad + ")";
            lines.Add("_kernels." + launcher + "(_stream, " + Field(Kernels + "Pooling.PoolArgs", args) + Batch(x) + ", " + _values.View(x) + ", " + _values.View(Buffer(call, "y")) + ");");
            return true;
        }

        /// <summary>Softmax over a contiguous last axis (inner = 1): one row per outer index, as the library's row kernel expects.</summary>
        private bool Softmax(KernelCall call, List<string> lines, bool log)
        {
            var inner = call.Operand<DimOperand>("inner").Value;
            if (!inner.IsStatic || inner.Value != 1) return false;
            string args = Kernels + "Rows.RowArgs.Create(" + Int(call, "outer") + ", " + Int(call, "axisLength") + ")";
            lines.Add("_kernels.Softmax(_stream, " + Args(call, Kernels + "Rows.RowArgs", args) + ", " + _values.View(Buffer(call, "x")) + ", " +
                      _values.View(Buffer(call, "y")) + (log ? ", log: true" : "") + ");");
            return true;
        }

        /// <summary>Transpose of rank 6 or less, by the library's index-mapping kernel.</summary>
        private bool Transpose(KernelCall call, List<string> lines)
        {
            var shape = call.Operand<DimsOperand>("inShape").Values;
            if (shape.Count > 6) return false;
            string shapeList = Shape(shape, lines);
            lines.Add("_kernels.Transpose<" + DeviceValues.DeviceType(Buffer(call, "x")) + ">(_stream, " + _values.View(Buffer(call, "x")) + ", " + shapeList + ", " +
                      Field("int[]", Ints(Static(call, "perm"))) + ", " + _values.View(Buffer(call, "y")) + ");");
            return true;
        }

        /// <summary>
        /// ReduceSum/Mean/Max/Min over trailing axes (the leading dims kept, everything after them reduced) as the
        /// library's row reduction of a [rows, cols] view. A reduction of other axes, or of axes known only at run
        /// time, returns false and runs on the CPU.
        /// </summary>
        private bool Reduce(KernelCall call, List<string> lines, string reduction)
        {
            if (call.Operands.All(o => o.Name != "reduced")) return false;
            var dims = call.Operand<DimsOperand>("dims").Values;
            var reduced = call.Operand<DimsOperand>("reduced").Values;
            if (!AllStatic(reduced)) return false;
            int first = reduced.ToList().FindIndex(r => r.Value != 0);
            if (first < 0 || reduced.Skip(first).Any(r => r.Value == 0)) return false;
            Dim rows = dims.Take(first).Aggregate(Ir.Dim.One, (a, b) => a * b), cols = dims.Skip(first).Aggregate(Ir.Dim.One, (a, b) => a * b);
            if (!Fits(rows) || !Fits(cols)) return false;
            string args = Kernels + "Rows.RowArgs.Create(" + _dims.Int(rows) + ", " + _dims.Int(cols) + ")";
            lines.Add("_kernels.ReduceRows(_stream, " + Args(call, Kernels + "Rows.RowArgs", args) + ", " + _values.View(Buffer(call, "x")) + ", " +
                      _values.View(Buffer(call, "y")) + ", " + Kernels + "RowReduction." + reduction + ");");
            return true;
        }

        /// <summary>
        /// LayerNormalization or RMSNormalization (no Mean or InvStdDev output) whose scale and bias run along the normalised
        /// trailing dims and repeat over the rows, as the library's LayerNorm reads them (scale[col]); or
        /// InstanceNormalization, whose scale and bias hold one value per channel, the dim just before the normalised
        /// block (scale[row mod C]). Any other layout, or a statistics output, returns false.
        /// </summary>
        private bool LayerNorm(KernelCall call, List<string> lines)
        {
            if (call.Operands.OfType<BufferOperand>().Any(b => b.Role == BufferRole.Out && b.Name != "y")) return false;
            Dim rows = call.Operand<DimOperand>("rows").Value, cols = call.Operand<DimOperand>("cols").Value;
            // The normalised block and the scale's layout must be fixed; only the number of rows may follow the input dims.
            if (!Fits(rows) || !cols.IsStatic || !Fits(cols)) return false;
            var shape = call.Operand<DimsOperand>("shape").Values;
            var bias = call.Operands.FirstOrDefault(o => o.Name == "bias") as BufferOperand;
            if (!AllStatic(call.Operand<DimsOperand>("scaleStrides").Values) || (bias != null && !AllStatic(call.Operand<DimsOperand>("biasStrides").Values))) return false;
            long channels;
            if (AlongRows(shape, Static(call, "scaleStrides"), cols.Value) && (bias == null || AlongRows(shape, Static(call, "biasStrides"), cols.Value))) channels = 0;
            else if (PerChannel(shape, Static(call, "scaleStrides"), cols.Value) is long c && (bias == null || PerChannel(shape, Static(call, "biasStrides"), cols.Value) == c)) channels = c;
            else return false;
            bool rms = call.Operand<ScalarOperand>("rms").Int != 0;
            string args = Kernels + "Rows.RowArgs.Create(" + _dims.Int(rows) + ", " + _dims.Int(cols) + ", " + Float(call, "epsilon") + ", " + (bias != null ? "true" : "false") +
                          (rms ? ", rms: true" : "") + (channels != 0 ? ", scaleChannels: " + channels : "") + ")";
            lines.Add("_kernels.LayerNorm(_stream, " + Args(call, Kernels + "Rows.RowArgs", args) + ", " + _values.View(Buffer(call, "x")) + ", " +
                      _values.View(Buffer(call, "scale")) + ", " + (bias == null ? Empty : _values.View(bias.Value)) + ", " + _values.View(Buffer(call, "y")) + ");");
            return true;
        }

        /// <summary>
        /// True when an operand broadcast to <paramref name="shape"/> with <paramref name="strides"/> is one contiguous
        /// row of <paramref name="cols"/> elements repeated over the leading dims: stride 0 on the dims before the
        /// trailing block whose product is cols, row-major strides within it (size-1 dims do not matter).
        /// </summary>
        private static bool AlongRows(IReadOnlyList<Dim> shape, long[] strides, long cols)
        {
            if (strides.Length != shape.Count) return false;
            long run = 1;
            int d = shape.Count - 1;
            for (; d >= 0 && run < cols; d--)
            {
                if (!shape[d].IsStatic) return false; // a symbolic dim inside the normalised block
                if (shape[d].Value != 1 && strides[d] != run) return false;
                run *= shape[d].Value;
            }
            if (run != cols) return false;
            for (; d >= 0; d--)
                if (!(shape[d].IsStatic && shape[d].Value == 1) && strides[d] != 0) return false;
            return true;
        }

        /// <summary>
        /// The channel count C when an operand broadcast to <paramref name="shape"/> with <paramref name="strides"/> holds
        /// one value per index of the dim just before the trailing block of <paramref name="cols"/> elements (stride 1
        /// there, 0 elsewhere): InstanceNormalization's scale over [N, C, spatial...], where row r is channel r mod C. Null otherwise.
        /// </summary>
        private static long? PerChannel(IReadOnlyList<Dim> shape, long[] strides, long cols)
        {
            if (strides.Length != shape.Count) return null;
            long run = 1;
            int d = shape.Count - 1;
            for (; d >= 0 && run < cols; d--)
            {
                if (!shape[d].IsStatic) return null;
                if (shape[d].Value != 1 && strides[d] != 0) return null;
                run *= shape[d].Value;
            }
            if (run != cols || d < 0 || !shape[d].IsStatic || shape[d].Value < 2 || strides[d] != 1) return null;
            for (int e = d - 1; e >= 0; e--)
                if (!(shape[e].IsStatic && shape[e].Value == 1) && strides[e] != 0) return null;
            return shape[d].Value;
        }

        /// <summary>ONNX pads [top, left, bottom, right] for a conv: the calls carry only the begin pads, so the end pads are the ones that give the planned output size.</summary>
        private static long[] Pads(KernelCall call, long[] xs, long[] ws)
        {
            var begin = Static(call, "padsBegin");
            var end = EndPads(xs, new[] { ws[2], ws[3] }, Static(call, "outSpatial"), Static(call, "strides"), Static(call, "dilations"), begin);
            return new[] { begin[0], begin[1], end[0], end[1] };
        }

        /// <summary>out = floor((in + begin + end - d·(k-1) - 1) / s) + 1, solved for the smallest end pad ≥ 0.</summary>
        private static long[] EndPads(long[] xs, long[] kernel, long[] output, long[] strides, long[] dilations, long[] begin)
        {
            var end = new long[2];
            for (int i = 0; i < 2; i++)
                end[i] = System.Math.Max(0, (output[i] - 1) * strides[i] + dilations[i] * (kernel[i] - 1) + 1 - xs[2 + i] - begin[i]);
            return end;
        }

        /// <summary>
        /// ", tile: ...GemmTileSize.TileN", the tile chosen at build time for <see cref="GpuTarget"/>, when M, N and the
        /// batch count are static; else nothing, and the host chooses at run time.
        /// </summary>
        private static string Tile(Dim m, Dim n, Dim batches)
        {
            string? tile = GpuTarget.GemmTile(m, n, batches);
            return tile == null ? "" : ", tile: " + Kernels + "Gemm.GemmTileSize." + tile;
        }

        private string Field(string type, string initializer)
        {
            string declaration = "private static readonly " + type + " {0} = " + initializer + ";";
            int i = Fields.IndexOf(declaration);
            if (i < 0) { Fields.Add(declaration); i = Fields.Count - 1; }
            return FieldName(i);
        }

        public static string FieldName(int i) => "s_launch" + i.ToString(CultureInfo.InvariantCulture);

        /// <summary>An argument struct: a static field when the call's geometry is fixed, else built in the launch (a plain struct: no allocation).</summary>
        private string Args(KernelCall call, string type, string initializer) => IsStatic(call) ? Field(type, initializer) : initializer;

        /// <summary>
        /// A shape list for a launcher that takes one: a static array when every dim is a number, else a per-session
        /// array filled before the launch (the launcher reads it on the host, before the next launch refills it).
        /// </summary>
        private string Shape(IReadOnlyList<Dim> dims, List<string> lines)
        {
            if (AllStatic(dims)) return Field("long[]", Longs(dims.Select(d => d.Value)));
            string field = "_launchShape" + Fields.Count.ToString(CultureInfo.InvariantCulture);
            Fields.Add("private readonly long[] " + field + " = new long[" + Literals.Int(dims.Count) + "];");
            for (int d = 0; d < dims.Count; d++) lines.Add(field + "[" + Literals.Int(d) + "] = " + _dims.Long(dims[d]) + ";");
            return field;
        }

        /// <summary>True when, of a convolution's or pooling's geometry, only the batch (dim 0 of x and y) may be symbolic.</summary>
        private static bool OnlyBatchVaries(KernelCall call, Value x) =>
            x.Shape!.Dims.Skip(1).All(d => d.IsStatic) && call.Operands.All(o => o switch
            {
                DimOperand d => d.Value.IsStatic || d.Name == "batch",
                DimsOperand d => d.Values.All(v => v.IsStatic),
                BufferOperand b => b.Value.Shape == null || b.Value.Shape.Dims.Skip(1).All(d => d.IsStatic),
                _ => true,
            });

        /// <summary>x's dims with a symbolic batch taken as 1: the geometry's static field is built at batch 1, and each call sets its batch.</summary>
        private static long[] AtBatchOne(Value x) => x.Shape!.Dims.Select((d, i) => i == 0 && !d.IsStatic ? 1L : d.Value).ToArray();

        /// <summary>".WithBatch(n)" when x's batch is symbolic, else nothing.</summary>
        private string Batch(Value x) => x.Shape!.Dims[0].IsStatic ? "" : ".WithBatch(" + _dims.Int(x.Shape.Dims[0]) + ")";

        /// <summary>True when a row count is at least 1 and fits an int (a symbolic one is checked by the host's Bind).</summary>
        private static bool Fits(Dim d) => !d.IsStatic || (d.Value >= 1 && d.Value <= int.MaxValue);

        private string Int(KernelCall call, string name) => _dims.Int(call.Operand<DimOperand>(name).Value);

        private static string Flag(KernelCall call, string name) => call.Operand<ScalarOperand>(name).Int != 0 ? "true" : "false";

        private static string Float(KernelCall call, string name) => Literals.Element(ElementType.Float, call.Operand<ScalarOperand>(name).Float, 0);

        private static string Longs(IEnumerable<long> values, bool array = true) =>
            (array ? "new long[] { " : "") + string.Join(", ", values.Select(v => array ? Literals.Int(v) + "L" : Literals.Int(v))) + (array ? " }" : "");

        private static string Ints(IEnumerable<long> values) => "new int[] { " + string.Join(", ", values.Select(Literals.Int)) + " }";
    }
}
