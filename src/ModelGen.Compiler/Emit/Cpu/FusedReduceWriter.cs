using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;

namespace ModelGen.Compiler.Emit.Cpu
{
    /// <summary>
    /// The CPU form of "reduce.fused" calls: each call site becomes a private static method of the model class (named
    /// after the fused node, "FusedReduce_ReduceSum_7") that computes the expression at every index of the iteration
    /// shape and folds it into its output element, specialised to the call's shape, strides and reduced axes. Size-1 axes
    /// are dropped and neighbouring axes with the same role merged where every operand steps across both as one. Then:
    /// - innermost axis reduced (a row reduction, "sum over the last axis"): loops over the kept axes, one accumulator per
    ///   output element, loops over the other reduced axes, and the innermost run vectorised with Vector512/256/128 (each
    ///   width only where <c>VectorN.IsHardwareAccelerated</c>) into a vector of lane accumulators that is combined into the
    ///   scalar one; the scalar loop takes the tail and is the scalar twin;
    /// - innermost axis kept (a column reduction, "sum over a middle axis"): the output starts at the fold's identity and
    ///   every index, in memory order, folds into its output element, the innermost (kept) run vectorised with the output
    ///   row as the accumulators; Mean, L2 and LogSum finish each element afterwards.
    /// Static dims are literals; dims known only at run time come in as int parameters. Spans' lengths are checked once.
    /// Floats accumulate in their own type, lanes first: summation order differs from the runtime's double accumulator
    /// within rounding.
    /// </summary>
    internal sealed class FusedReduceWriter
    {
        private const string Intrinsics = "global::System.Runtime.Intrinsics.";
        private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal.GetReference";

        private readonly GeneratedMethods _methods = new GeneratedMethods();

        public int Count => _methods.Count;

        /// <summary>
        /// Generates the method for one fused reduction and returns the statement that calls it; <paramref name="valueOf"/>
        /// names the buffers and <paramref name="dim"/> renders a run-time dim as a C# int expression.
        /// </summary>
        public string Render(KernelCall call, Node node, Func<Value, string> valueOf, Func<Dim, string> dim)
        {
            var ins = call.Operands.OfType<BufferOperand>().Where(b => b.Role == BufferRole.In).ToList();
            var output = call.Operands.OfType<BufferOperand>().Single(b => b.Role == BufferRole.Out);
            var expr = call.Operand<ExprOperand>("f").Expr;
            var shape = call.Operand<DimsOperand>("shape").Values;
            var reduced = call.Operand<DimsOperand>("reduced").Values.Select(d => d.Value != 0).ToList();
            var fold = (Reduction)Enum.Parse(typeof(Reduction), call.Operand<TextOperand>("fold").Value);
            var type = call.TypeArgs[0];
            var strides = Enumerable.Range(0, ins.Count).Select(i => (IReadOnlyList<Dim>)call.Operand<DimsOperand>("x" + i + "Strides").Values).ToList();
            // The output is one more strided operand: dense over the kept axes, 0 along the reduced ones.
            strides.Add(OutputStrides(shape, reduced));
            int outIndex = ins.Count;

            var p = new DimParameters();
            var axes = Normalise(shape, strides, reduced);
            string t = ElementTypes.CSharpName(type)!;
            var f = new Fold(fold, t, type);
            var w = new CodeWriter();
            string nodes = node.Attributes.TryGetValue("nodes", out var listed) && listed.Strings.Count > 0 ? string.Join(", ", listed.Strings) : node.Name;
            w.Line("// " + OneLine(nodes) + ": y = " + fold.ToString().ToLowerInvariant() + "(" + expr.Text + ") over axes [" +
                   string.Join(", ", Enumerable.Range(0, reduced.Count).Where(a => reduced[a]).Select(Index)) + "] of " + DimsText(shape));
            for (int i = 0; i < ins.Count; i++) w.Line("// " + ArgName(expr, i) + " = '" + OneLine(ins[i].Value.Name) + "' " + IrPrinter.TypeText(ins[i].Value));

            var body = new CodeWriter();
            body.Open();
            for (int i = 0; i < ins.Count; i++) body.Line("global::ModelGen.Runtime.Kernels.Elementwise.Need(x" + Index(i) + ".Length, " + p.Of(ins[i].Value.Shape!.ElementCount) + ", \"x" + Index(i) + "\");");
            var kept = axes.Where(a => !a.Reduced).ToList();
            string count = p.Of(Product(kept.Select(a => a.Extent)));
            string folded = p.Of(Product(axes.Where(a => a.Reduced).Select(a => a.Extent)));
            body.Line("global::ModelGen.Runtime.Kernels.Elementwise.Need(y.Length, " + count + ", \"y\");");
            var inner = axes[axes.Count - 1];
            // Widths whose vector a static run can fill at least once (Vector128<float> holds 4: a run of 3 gets no vector code).
            var widths = new[] { 512, 256, 128 }.Where(bits => !inner.Extent.IsStatic || inner.Extent.Value * ElementTypes.SizeOf(type) * 8 >= bits).ToList();
            bool vector = (type == ElementType.Float || type == ElementType.Double) && ScalarCode.IsVectorizable(expr) && widths.Count > 0 &&
                          inner.Strides.All(s => s.IsStatic && (s.Value == 0 || s.Value == 1));
            if (!vector) widths.Clear();
            var loop = new Loop(axes, ins.Count, expr, f, t, widths, p);
            if (vector)
            {
                for (int i = 0; i < ins.Count; i++)
                    if (!loop.IsBroadcast(i)) body.Line("ref " + t + " r" + Index(i) + " = ref " + Marshal + "(x" + Index(i) + ");");
                if (!inner.Reduced) body.Line("ref " + t + " ry = ref " + Marshal + "(y);");
            }
            if (inner.Reduced)
            {
                // One accumulator per output element: kept axes outside, the reduced ones inside it.
                var reducedAxes = axes.Where(a => a.Reduced).ToList();
                var order = kept.Concat(reducedAxes.Take(reducedAxes.Count - 1)).ToList();
                loop.Nest(body, order, 0, level =>
                {
                    if (level != kept.Count) return false;
                    body.Open();
                    body.Line(t + " acc = " + f.Seed + ";");
                    loop.Nest(body, order, level, innermost =>
                    {
                        if (innermost != order.Count) return false;
                        loop.RowIntoAccumulator(body, inner, innermost);
                        return true;
                    }, output: false); // inside one output element: its offset is fixed
                    body.Line("y[" + loop.Offset(outIndex, kept.Count) + "] = " + f.Finish("acc", folded) + ";");
                    body.Close();
                    return true;
                });
            }
            else
            {
                // The output row is the accumulator: every index in memory order folds into its element.
                body.Line("y.Slice(0, " + count + ").Fill(" + f.Seed + ");");
                var order = axes.Take(axes.Count - 1).ToList();
                loop.Nest(body, order, 0, level =>
                {
                    if (level != order.Count) return false;
                    loop.RowIntoOutput(body, inner, level);
                    return true;
                });
                if (f.HasFinish)
                {
                    body.Open("for (int k = 0; k < " + count + "; k++)");
                    body.Line("y[k] = " + f.Finish("y[k]", folded) + ";");
                    body.Close();
                }
            }
            body.Close();

            var signature = new List<string>();
            for (int i = 0; i < ins.Count; i++) signature.Add("global::System.ReadOnlySpan<" + t + "> x" + Index(i));
            signature.Add("global::System.Span<" + t + "> y");
            signature.AddRange(p.Names.Select(n => "int " + n));
            string name = MethodName(node.Name);
            w.Line(OptimizedFromFirstCall.Attribute);
            w.Line("private static void " + name + "(" + string.Join(", ", signature) + ")");
            w.Append(body);
            _methods.Add(w.ToString());

            var args = ins.Select(b => valueOf(b.Value)).Concat(new[] { valueOf(output.Value) }).Concat(p.Dims.Select(dim));
            return name + "(" + string.Join(", ", args) + ");";
        }

        /// <summary>Writes the methods, in the order their calls were rendered.</summary>
        public void Write(CodeWriter w) => _methods.Write(w);

        /// <summary>The output's element stride along each input axis: the product of the kept extents inside it, 0 along a reduced axis.</summary>
        private static IReadOnlyList<Dim> OutputStrides(IReadOnlyList<Dim> shape, List<bool> reduced)
        {
            var strides = new Dim[shape.Count];
            var stride = Dim.One;
            for (int a = shape.Count - 1; a >= 0; a--)
            {
                strides[a] = reduced[a] ? Dim.Zero : stride;
                if (!reduced[a]) stride = stride * shape[a];
            }
            return strides;
        }

        /// <summary>One loop axis after normalisation: its extent, whether it is reduced, and each operand's (and last, the output's) stride along it.</summary>
        private sealed class Axis
        {
            public Axis(Dim extent, List<Dim> strides, bool reduced)
            {
                Extent = extent;
                Strides = strides;
                Reduced = reduced;
            }

            public Dim Extent { get; }
            public List<Dim> Strides { get; }
            public bool Reduced { get; }
        }

        /// <summary>
        /// Drops size-1 axes and merges an axis into the next inner one where both are reduced or both kept and every operand
        /// (the output included) steps across both as one: stride(outer) = stride(inner) · extent(inner). No axis left (every
        /// dim 1) is one reduced axis of extent 1.
        /// </summary>
        private static List<Axis> Normalise(IReadOnlyList<Dim> shape, List<IReadOnlyList<Dim>> strides, List<bool> reduced)
        {
            var axes = new List<Axis>();
            for (int a = 0; a < shape.Count; a++)
            {
                if (shape[a].IsStatic && shape[a].Value == 1) continue;
                var s = strides.Select(x => x[a]).ToList();
                if (axes.Count > 0)
                {
                    var outer = axes[axes.Count - 1];
                    if (outer.Reduced == reduced[a] && Enumerable.Range(0, s.Count).All(i => outer.Strides[i].Equals(s[i] * shape[a])))
                    {
                        axes[axes.Count - 1] = new Axis(outer.Extent * shape[a], s, reduced[a]);
                        continue;
                    }
                }
                axes.Add(new Axis(shape[a], s, reduced[a]));
            }
            if (axes.Count == 0) axes.Add(new Axis(Dim.One, strides.Select(_ => Dim.Zero).ToList(), true));
            return axes;
        }

        /// <summary>What a fold starts from, how it takes one value (scalar and vector), and how it ends.</summary>
        private sealed class Fold
        {
            private readonly Reduction _r;
            private readonly string _t;
            private readonly string _math;

            public Fold(Reduction r, string t, ElementType type)
            {
                _r = r;
                _t = t;
                _math = type == ElementType.Float ? "global::System.MathF." : "global::System.Math.";
            }

            public string Seed => _r == Reduction.Max ? _t + ".NegativeInfinity" : _r == Reduction.Min ? _t + ".PositiveInfinity" : "(" + _t + ")0";

            private bool IsExtremum => _r == Reduction.Max || _r == Reduction.Min;

            /// <summary>acc folded with v, as a scalar expression. Max and Min keep a NaN once seen, as the runtime's folds do.</summary>
            public string Step(string acc, string v) => _r switch
            {
                Reduction.Max => "(" + _t + ".IsNaN(" + v + ") || " + v + " > " + acc + " ? " + v + " : " + acc + ")",
                Reduction.Min => "(" + _t + ".IsNaN(" + v + ") || " + v + " < " + acc + " ? " + v + " : " + acc + ")",
                Reduction.SumSquare or Reduction.L2 => acc + " + " + v + " * " + v,
                Reduction.L1 => acc + " + " + _math + "Abs(" + v + ")",
                _ => acc + " + " + v,
            };

            /// <summary>acc folded with v lane by lane (VectorN.Max/Min propagate NaN, as IEEE 754:2019 maximum/minimum do).</summary>
            public string VectorStep(string vector, string acc, string v) => _r switch
            {
                Reduction.Max => vector + ".Max(" + acc + ", " + v + ")",
                Reduction.Min => vector + ".Min(" + acc + ", " + v + ")",
                Reduction.SumSquare or Reduction.L2 => acc + " + " + v + " * " + v,
                Reduction.L1 => acc + " + " + vector + ".Abs(" + v + ")",
                _ => acc + " + " + v,
            };

            /// <summary>Statements that fold a vector of lane accumulators into the scalar accumulator.</summary>
            public IEnumerable<string> Combine(string vector, string vt, string lanes, string acc)
            {
                if (!IsExtremum)
                {
                    yield return acc + " += " + vector + ".Sum(" + lanes + ");";
                    yield break;
                }
                yield return "for (int l = 0; l < " + vt + ".Count; l++) { " + _t + " e = " + vector + ".GetElement(" + lanes + ", l); " + acc + " = " + Step(acc, "e") + "; }";
            }

            public bool HasFinish => _r == Reduction.Mean || _r == Reduction.L2 || _r == Reduction.LogSum;

            /// <summary>The result from the accumulator; <paramref name="count"/> is the number of elements folded into each.</summary>
            public string Finish(string acc, string count) => _r switch
            {
                Reduction.Mean => acc + " / (" + _t + ")" + count,
                Reduction.L2 => _math + "Sqrt(" + acc + ")",
                Reduction.LogSum => _math + "Log(" + acc + ")",
                _ => acc,
            };
        }

        /// <summary>The loop nest's pieces for one call: axes, operands (the output last), expression, fold, vector widths.</summary>
        private sealed class Loop
        {
            private readonly List<Axis> _axes;
            private readonly int _operands;
            private readonly BoundExpr _expr;
            private readonly Fold _fold;
            private readonly string _t;
            private readonly List<int> _widths;
            private readonly DimParameters _p;

            public Loop(List<Axis> axes, int operands, BoundExpr expr, Fold fold, string t, List<int> widths, DimParameters p)
            {
                _axes = axes;
                _operands = operands;
                _expr = expr;
                _fold = fold;
                _t = t;
                _widths = widths;
                _p = p;
            }

            /// <summary>Operand i (the output is <c>operands</c>) is fixed along the innermost axis.</summary>
            public bool IsBroadcast(int i) => _axes[_axes.Count - 1].Strides[i].Equals(Dim.Zero);

            /// <summary>Operand i's offset once the loops of the first <paramref name="level"/> axes of the order are open.</summary>
            public string Offset(int i, int level) => level == 0 ? "0" : "o" + Index(i) + "_" + Index(level - 1);

            /// <summary>
            /// Opens the loops over <paramref name="order"/> from <paramref name="level"/> on, each setting every operand's offset
            /// (o{i}_{level}; the output's too unless <paramref name="output"/> is false); <paramref name="inside"/> is asked at
            /// each level whether it writes the rest there itself.
            /// </summary>
            public void Nest(CodeWriter w, List<Axis> order, int level, Func<int, bool> inside, bool output = true)
            {
                if (inside(level)) return;
                var axis = order[level];
                string iv = "i" + Index(level);
                w.Open("for (int " + iv + " = 0; " + iv + " < " + _p.Of(axis.Extent) + "; " + iv + "++)");
                for (int i = 0; i < (output ? _operands + 1 : _operands); i++)
                {
                    var s = axis.Strides[i];
                    string step = s.Equals(Dim.Zero) ? "" : s.IsStatic && s.Value == 1 ? iv : iv + " * " + _p.Of(s);
                    string from = Offset(i, level);
                    string value = step.Length == 0 ? from : from == "0" ? step : from + " + " + step;
                    w.Line("int o" + Index(i) + "_" + Index(level) + " = " + value + ";");
                }
                Nest(w, order, level + 1, inside, output);
                w.Close();
            }

            /// <summary>The innermost (reduced) run folded into 'acc': vector lanes first, then the scalar tail.</summary>
            public void RowIntoAccumulator(CodeWriter w, Axis axis, int level)
            {
                w.Open();
                w.Line("int n = " + _p.Of(axis.Extent) + ";");
                w.Line("int i = 0;");
                Fixed(w, axis, level);
                foreach (int width in _widths)
                {
                    string v = Intrinsics + "Vector" + width;
                    string vt = v + "<" + _t + ">";
                    w.Open("if (" + v + ".IsHardwareAccelerated && n - i >= " + vt + ".Count)");
                    Splat(w, axis, v, vt);
                    w.Line(vt + " lanes = " + v + ".Create(" + _fold.Seed + ");");
                    w.Open("for (; i <= n - " + vt + ".Count; i += " + vt + ".Count)");
                    Loads(w, axis, level, v, vt);
                    w.Line(vt + " t = " + ScalarCode.Vector(_expr, width, a => axis.Strides[a].Equals(Dim.Zero) ? "b" + Index(a) : "v" + Index(a)) + ";");
                    w.Line("lanes = " + _fold.VectorStep(v, "lanes", "t") + ";");
                    w.Close();
                    foreach (var line in _fold.Combine(v, vt, "lanes", "acc")) w.Line(line);
                    w.Close();
                }
                w.Open("for (; i < n; i++)");
                Reads(w, axis, level);
                w.Line(_t + " t = " + ScalarCode.Scalar(_expr, a => axis.Strides[a].Equals(Dim.Zero) ? "c" + Index(a) : "s" + Index(a)) + ";");
                w.Line("acc = " + _fold.Step("acc", "t") + ";");
                w.Close();
                w.Close();
            }

            /// <summary>The innermost (kept) run folded into the output row: vector widths first, then the scalar tail.</summary>
            public void RowIntoOutput(CodeWriter w, Axis axis, int level)
            {
                string oy = Offset(_operands, level);
                w.Open();
                w.Line("int n = " + _p.Of(axis.Extent) + ";");
                w.Line("int i = 0;");
                Fixed(w, axis, level);
                foreach (int width in _widths)
                {
                    string v = Intrinsics + "Vector" + width;
                    string vt = v + "<" + _t + ">";
                    w.Open("if (" + v + ".IsHardwareAccelerated && n - i >= " + vt + ".Count)");
                    Splat(w, axis, v, vt);
                    w.Open("for (; i <= n - " + vt + ".Count; i += " + vt + ".Count)");
                    Loads(w, axis, level, v, vt);
                    w.Line(vt + " t = " + ScalarCode.Vector(_expr, width, a => axis.Strides[a].Equals(Dim.Zero) ? "b" + Index(a) : "v" + Index(a)) + ";");
                    w.Line(vt + " acc = " + v + ".LoadUnsafe(ref ry, (nuint)(" + Plus(oy, "i") + "));");
                    w.Line(v + ".StoreUnsafe(" + _fold.VectorStep(v, "acc", "t") + ", ref ry, (nuint)(" + Plus(oy, "i") + "));");
                    w.Close();
                    w.Close();
                }
                w.Open("for (; i < n; i++)");
                Reads(w, axis, level);
                w.Line(_t + " t = " + ScalarCode.Scalar(_expr, a => axis.Strides[a].Equals(Dim.Zero) ? "c" + Index(a) : "s" + Index(a)) + ";");
                w.Line(_t + " acc = y[" + Plus(oy, "i") + "];");
                w.Line("y[" + Plus(oy, "i") + "] = " + _fold.Step("acc", "t") + ";");
                w.Close();
                w.Close();
            }

            /// <summary>Operands fixed along the run are read once per run.</summary>
            private void Fixed(CodeWriter w, Axis axis, int level)
            {
                for (int i = 0; i < _operands; i++)
                    if (axis.Strides[i].Equals(Dim.Zero)) w.Line(_t + " c" + Index(i) + " = x" + Index(i) + "[" + Offset(i, level) + "];");
            }

            private void Splat(CodeWriter w, Axis axis, string v, string vt)
            {
                for (int i = 0; i < _operands; i++)
                    if (axis.Strides[i].Equals(Dim.Zero)) w.Line(vt + " b" + Index(i) + " = " + v + ".Create(c" + Index(i) + ");");
            }

            private void Loads(CodeWriter w, Axis axis, int level, string v, string vt)
            {
                for (int i = 0; i < _operands; i++)
                    if (!axis.Strides[i].Equals(Dim.Zero)) w.Line(vt + " v" + Index(i) + " = " + v + ".LoadUnsafe(ref r" + Index(i) + ", (nuint)(" + Plus(Offset(i, level), "i") + "));");
            }

            private void Reads(CodeWriter w, Axis axis, int level)
            {
                for (int i = 0; i < _operands; i++)
                {
                    var s = axis.Strides[i];
                    if (s.Equals(Dim.Zero)) continue;
                    string at = s.IsStatic && s.Value == 1 ? Plus(Offset(i, level), "i") : Plus(Offset(i, level), "i * " + _p.Of(s));
                    w.Line(_t + " s" + Index(i) + " = x" + Index(i) + "[" + at + "];");
                }
            }
        }

        private static string Plus(string offset, string term) => offset == "0" ? term : offset + " + " + term;

        private static Dim Product(IEnumerable<Dim> dims) => dims.Aggregate(Dim.One, (a, b) => a * b);

        private static string DimsText(IReadOnlyList<Dim> dims) => "[" + string.Join(",", dims.Select(d => d.ToString())) + "]";

        /// <summary>"FusedReduce_ReduceSum_7" from the node's name, made a valid identifier and unique among the methods.</summary>
        private string MethodName(string nodeName)
        {
            string id = GeneratedMethods.Identifier(nodeName);
            // The pass names its nodes "FusedReduce_...": never a FusedLoopWriter method's name (those start "Fused_").
            return _methods.Unique(id.StartsWith("FusedReduce_", StringComparison.Ordinal) ? id : "FusedReduce_" + id);
        }

        /// <summary>The name the expression gives operand <paramref name="i"/> ("a", "b"...).</summary>
        private static string ArgName(BoundExpr e, int i) => e.Walk().FirstOrDefault(x => x.IsArg && x.ArgIndex == i)?.ArgName ?? "x" + Index(i);

        private static string OneLine(string s) => s.Replace("\r", " ").Replace("\n", " ");

        private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
    }
}
