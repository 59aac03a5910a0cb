using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Emit.Cpu
{
    /// <summary>
    /// The CPU form of "elementwise.fused" calls: each call site becomes a private static method of the model class
    /// (named after the fused node, "Fused_Mul_219") whose body is the loop, specialised to the call's shape and strides:
    /// size-1 axes dropped and neighbouring axes merged where every operand and every store is contiguous across them,
    /// outer loops over what remains with per-operand and per-store offsets, and the innermost run (every operand's
    /// stride 0 or 1, every store's 1) vectorised with Vector512/256/128, each width only where
    /// <c>VectorN.IsHardwareAccelerated</c>, then the scalar body for the tail, which is also the scalar twin. Operands
    /// broadcast along the run are read once per run. An operand may read a strided view of a larger tensor (a Slice
    /// the loop absorbed) and an expression may store into a piece of a larger output (a Concat it absorbed): both are
    /// only a start offset and strides here. Static dims are literals; dims known only at run time come in as int
    /// parameters. Each span's length is checked once, at the top.
    /// </summary>
    internal sealed class FusedLoopWriter
    {
        private const string Intrinsics = "global::System.Runtime.Intrinsics.";
        private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal.GetReference";

        private readonly GeneratedMethods _methods = new GeneratedMethods();

        public int Count => _methods.Count;

        /// <summary>
        /// Generates the method for one fused call and returns the statement that calls it; <paramref name="valueOf"/> names
        /// the buffers and <paramref name="dim"/> renders a run-time dim as a C# int expression.
        /// </summary>
        public string Render(KernelCall call, Node node, Func<Value, string> valueOf, Func<Dim, string> dim)
        {
            var ins = call.Operands.OfType<BufferOperand>().Where(b => b.Role == BufferRole.In).ToList();
            var outs = call.Operands.OfType<BufferOperand>().Where(b => b.Role == BufferRole.Out).ToList();
            var exprs = call.Operands.OfType<ExprOperand>().Select(e => e.Expr).ToList();
            var shape = call.Operand<DimsOperand>("shape").Values;
            var stores = Stores(call, exprs.Count, shape);
            // The loop's streams: every operand, then every store; each has a start offset and strides over the loop's axes.
            var strides = Enumerable.Range(0, ins.Count).Select(i => (IReadOnlyList<Dim>)call.Operand<DimsOperand>("x" + i + "Strides").Values)
                .Concat(stores.Select(st => st.Strides)).ToList();
            var type = call.TypeArgs[0];
            string name = MethodName(node.Name);

            var parameters = new DimParameters();
            var starts = Enumerable.Range(0, ins.Count).Select(i => OptionalDim(call, "x" + i + "Offset")).Concat(stores.Select(st => st.Offset))
                .Select(d => d.Equals(Dim.Zero) ? "0" : parameters.Of(d)).ToList();
            var axes = Normalise(shape, strides);
            var w = new CodeWriter();
            string nodes = node.Attributes.TryGetValue("nodes", out var listed) && listed.Strings.Count > 0 ? string.Join(", ", listed.Strings) : node.Name;
            w.Line("// " + OneLine(nodes) + ": " + string.Join("; ", exprs.Select((e, k) => (exprs.Count == 1 ? "y" : "y" + k) + " = " + e.Text)));
            for (int i = 0; i < ins.Count; i++) w.Line("// " + ArgName(exprs, i) + " = '" + OneLine(ins[i].Value.Name) + "' " + IrPrinter.TypeText(ins[i].Value));
            string t = ElementTypes.CSharpName(type)!;
            var body = new CodeWriter();
            body.Open();
            for (int i = 0; i < ins.Count; i++) body.Line("global::ModelGen.Runtime.Kernels.Elementwise.Need(x" + Index(i) + ".Length, " + parameters.Of(ins[i].Value.Shape!.ElementCount) + ", \"x" + Index(i) + "\");");
            for (int k = 0; k < outs.Count; k++) body.Line("global::ModelGen.Runtime.Kernels.Elementwise.Need(y" + Index(k) + ".Length, " + parameters.Of(outs[k].Value.Shape!.ElementCount) + ", \"y" + Index(k) + "\");");
            var inner = axes[axes.Count - 1];
            // Widths whose vector a static run can fill at least once (Vector128<float> holds 4: a run of 3 gets no vector code).
            var widths = new[] { 512, 256, 128 }.Where(bits => !inner.Extent.IsStatic || inner.Extent.Value * ElementTypes.SizeOf(type) * 8 >= bits).ToList();
            bool vector = IsVectorType(type) && exprs.All(ScalarCode.IsVectorizable) && widths.Count > 0 &&
                          inner.Strides.Take(ins.Count).All(s => s.IsStatic && (s.Value == 0 || s.Value == 1)) &&
                          inner.Strides.Skip(ins.Count).All(s => s.IsStatic && s.Value == 1);
            if (vector)
            {
                for (int i = 0; i < ins.Count; i++)
                    if (!IsBroadcast(axes, i)) body.Line("ref " + t + " r" + Index(i) + " = ref " + Marshal + "(x" + Index(i) + ");");
                for (int k = 0; k < outs.Count; k++) body.Line("ref " + t + " ry" + Index(k) + " = ref " + Marshal + "(y" + Index(k) + ");");
            }
            var loop = new LoopShape(axes, starts, ins.Count, stores.Select(st => st.Output).ToList(), exprs, t, vector ? widths : new List<int>(), parameters);
            Loops(body, loop, 0);
            body.Close();

            var signature = new List<string>();
            for (int i = 0; i < ins.Count; i++) signature.Add("global::System.ReadOnlySpan<" + t + "> x" + Index(i));
            for (int k = 0; k < outs.Count; k++) signature.Add("global::System.Span<" + t + "> y" + Index(k));
            signature.AddRange(parameters.Names.Select(p => "int " + p));
            w.Line(OptimizedFromFirstCall.Attribute);
            w.Line("private static void " + name + "(" + string.Join(", ", signature) + ")");
            w.Append(body);
            _methods.Add(w.ToString());

            var args = ins.Select(b => valueOf(b.Value)).Concat(outs.Select(b => valueOf(b.Value))).Concat(parameters.Dims.Select(dim));
            return name + "(" + string.Join(", ", args) + ");";
        }

        /// <summary>Writes the methods, in the order their calls were rendered.</summary>
        public void Write(CodeWriter w) => _methods.Write(w);

        /// <summary>One loop axis after normalisation: its extent and each operand's stride along it.</summary>
        private sealed class Axis
        {
            public Axis(Dim extent, List<Dim> strides)
            {
                Extent = extent;
                Strides = strides;
            }

            public Dim Extent { get; }
            public List<Dim> Strides { get; }
        }

        /// <summary>
        /// Drops size-1 axes and merges an axis into the next inner one wherever every stream (operand or store) steps
        /// across both as one: stride(outer) = stride(inner) · extent(inner) (broadcast operands: 0 = 0 · extent). Dense
        /// streams always merge. A scalar output is one axis of extent 1.
        /// </summary>
        private static List<Axis> Normalise(IReadOnlyList<Dim> shape, IReadOnlyList<IReadOnlyList<Dim>> strides)
        {
            var axes = new List<Axis>();
            for (int a = 0; a < shape.Count; a++)
            {
                if (shape[a].IsStatic && shape[a].Value == 1) continue;
                var s = strides.Select(x => x[a]).ToList();
                if (axes.Count > 0)
                {
                    var outer = axes[axes.Count - 1];
                    if (Enumerable.Range(0, s.Count).All(i => outer.Strides[i].Equals(s[i] * shape[a])))
                    {
                        axes[axes.Count - 1] = new Axis(outer.Extent * shape[a], s);
                        continue;
                    }
                }
                axes.Add(new Axis(shape[a], s));
            }
            if (axes.Count == 0) axes.Add(new Axis(Dim.One, strides.Select(_ => Dim.Zero).ToList()));
            return axes;
        }

        private static bool IsBroadcast(List<Axis> axes, int operand) => axes[axes.Count - 1].Strides[operand].Equals(Dim.Zero);

        /// <summary>Where one expression is stored: node output <see cref="Output"/>, from <see cref="Offset"/>, with strides over the loop's axes.</summary>
        private sealed class Store
        {
            public Store(int output, Dim offset, IReadOnlyList<Dim> strides)
            {
                Output = output;
                Offset = offset;
                Strides = strides;
            }

            public int Output { get; }
            public Dim Offset { get; }
            public IReadOnlyList<Dim> Strides { get; }
        }

        /// <summary>Each expression's store: as the call states it (f{k}Output/Offset/Strides), or output k, dense, by default.</summary>
        private static List<Store> Stores(KernelCall call, int exprs, IReadOnlyList<Dim> shape)
        {
            var loop = new Shape(shape);
            var dense = Broadcasting.Strides(loop, loop);
            var stores = new List<Store>();
            for (int k = 0; k < exprs; k++)
            {
                var output = call.Operands.FirstOrDefault(o => o.Name == "f" + k + "Output") as DimsOperand;
                stores.Add(output == null
                    ? new Store(k, Dim.Zero, dense)
                    : new Store((int)output.Values[0].Value, call.Operand<DimOperand>("f" + k + "Offset").Value, call.Operand<DimsOperand>("f" + k + "Strides").Values));
            }
            return stores;
        }

        private static Dim OptionalDim(KernelCall call, string name) => call.Operands.FirstOrDefault(o => o.Name == name) is DimOperand d ? d.Value : Dim.Zero;

        /// <summary>What the loop nest is made of: the axes, each stream's start (operands first, then stores), and what each row computes.</summary>
        private sealed class LoopShape
        {
            public LoopShape(List<Axis> axes, List<string> starts, int operands, List<int> storeOutputs, List<BoundExpr> exprs, string type, List<int> widths, DimParameters p)
            {
                Axes = axes;
                Starts = starts;
                Operands = operands;
                StoreOutputs = storeOutputs;
                Exprs = exprs;
                Type = type;
                Widths = widths;
                P = p;
            }

            public List<Axis> Axes { get; }
            public List<string> Starts { get; }
            public int Operands { get; }
            public List<int> StoreOutputs { get; }
            public List<BoundExpr> Exprs { get; }
            public string Type { get; }
            public List<int> Widths { get; }
            public DimParameters P { get; }
            public int Streams => Starts.Count;
        }

        /// <summary>
        /// The loop over axis <paramref name="level"/>: outer axes set each stream's offset (o{s}_{level}: operands, then
        /// stores) and recurse; the innermost runs the row.
        /// </summary>
        private static void Loops(CodeWriter w, LoopShape l, int level)
        {
            string Offset(int s, int at) => at == 0 ? l.Starts[s] : "o" + Index(s) + "_" + Index(at - 1);
            if (level == l.Axes.Count - 1)
            {
                Row(w, l, Enumerable.Range(0, l.Streams).Select(s => Offset(s, level)).ToList());
                return;
            }
            string iv = "i" + Index(level);
            w.Open("for (int " + iv + " = 0; " + iv + " < " + l.P.Of(l.Axes[level].Extent) + "; " + iv + "++)");
            for (int s = 0; s < l.Streams; s++)
            {
                var stride = l.Axes[level].Strides[s];
                string step = stride.Equals(Dim.Zero) ? "" : stride.IsStatic && stride.Value == 1 ? iv : iv + " * " + l.P.Of(stride);
                string start = Offset(s, level);
                w.Line("int o" + Index(s) + "_" + Index(level) + " = " + (step.Length == 0 ? start : Plus(start, step)) + ";");
            }
            Loops(w, l, level + 1);
            w.Close();
        }

        /// <summary>One innermost run of n elements: vector widths first (where accelerated), then the scalar tail.</summary>
        private static void Row(CodeWriter w, LoopShape l, List<string> offsets)
        {
            var axis = l.Axes[l.Axes.Count - 1];
            int operands = l.Operands;
            string t = l.Type;
            var p = l.P;
            bool Fixed(int i) => axis.Strides[i].Equals(Dim.Zero);
            string At(int s) => axis.Strides[s].IsStatic && axis.Strides[s].Value == 1 ? Plus(offsets[s], "i") : Plus(offsets[s], "i * " + p.Of(axis.Strides[s]));
            w.Open();
            w.Line("int n = " + p.Of(axis.Extent) + ";");
            w.Line("int i = 0;");
            // Operands fixed along the run are read once.
            for (int i = 0; i < operands; i++)
                if (Fixed(i)) w.Line(t + " c" + Index(i) + " = x" + Index(i) + "[" + offsets[i] + "];");
            foreach (int width in l.Widths)
            {
                string v = Intrinsics + "Vector" + width;
                string vt = v + "<" + t + ">";
                w.Open("if (" + v + ".IsHardwareAccelerated && n - i >= " + vt + ".Count)");
                for (int i = 0; i < operands; i++)
                    if (Fixed(i)) w.Line(vt + " b" + Index(i) + " = " + v + ".Create(c" + Index(i) + ");");
                w.Open("for (; i <= n - " + vt + ".Count; i += " + vt + ".Count)");
                for (int i = 0; i < operands; i++)
                    if (!Fixed(i)) w.Line(vt + " v" + Index(i) + " = " + v + ".LoadUnsafe(ref r" + Index(i) + ", (nuint)(" + Plus(offsets[i], "i") + "));");
                for (int k = 0; k < l.Exprs.Count; k++)
                    w.Line(v + ".StoreUnsafe(" + ScalarCode.Vector(l.Exprs[k], width, a => Fixed(a) ? "b" + Index(a) : "v" + Index(a)) +
                           ", ref ry" + Index(l.StoreOutputs[k]) + ", (nuint)(" + Plus(offsets[operands + k], "i") + "));");
                w.Close();
                w.Close();
            }
            w.Open("for (; i < n; i++)");
            // Every operand is read before any output is written: an output may share its buffer with an operand.
            for (int i = 0; i < operands; i++)
                if (!Fixed(i)) w.Line(t + " s" + Index(i) + " = x" + Index(i) + "[" + At(i) + "];");
            for (int k = 0; k < l.Exprs.Count; k++)
                w.Line("y" + Index(l.StoreOutputs[k]) + "[" + At(operands + k) + "] = " + ScalarCode.Scalar(l.Exprs[k], a => Fixed(a) ? "c" + Index(a) : "s" + Index(a)) + ";");
            w.Close();
            w.Close();
        }

        private static string Plus(string offset, string term) => offset == "0" ? term : offset + " + " + term;

        /// <summary>The types whose expressions have VectorN forms (see <see cref="ScalarCode.IsVectorizable"/>).</summary>
        private static bool IsVectorType(ElementType t) => t == ElementType.Float || t == ElementType.Double || t == ElementType.Int32 || t == ElementType.Int64;

        /// <summary>"Fused_Mul_219" from the node's name, made a valid identifier and unique among the methods.</summary>
        private string MethodName(string nodeName)
        {
            string id = GeneratedMethods.Identifier(nodeName);
            return _methods.Unique(id.Length == 0 || char.IsDigit(id[0]) ? "Fused_" + id : id);
        }

        /// <summary>The name the expressions give operand <paramref name="i"/> ("a", "b"...).</summary>
        private static string ArgName(List<BoundExpr> exprs, int i) =>
            exprs.SelectMany(e => e.Walk()).FirstOrDefault(x => x.IsArg && x.ArgIndex == i)?.ArgName ?? "x" + Index(i);

        private static string OneLine(string s) => s.Replace("\r", " ").Replace("\n", " ");

        private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
    }
}
