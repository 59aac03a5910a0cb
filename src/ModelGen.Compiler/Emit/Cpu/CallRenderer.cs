using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Planning;

namespace ModelGen.Compiler.Emit.Cpu
{
    /// <summary>
    /// Renders one <see cref="KernelCall"/> as C# statements: the runtime method from <see cref="CpuKernels"/> (or a
    /// span copy, or a generic elementwise loop over a generated function struct), each operand in order. Buffers
    /// come from <see cref="ValueOf"/> (a named local, or an inline expression for tensors sized at run time).
    /// </summary>
    internal sealed class CallRenderer
    {
        private readonly ModelLayout _m;
        private readonly IntLists _ints;
        private readonly ExpressionStructs _structs;
        private readonly FusedLoopWriter _fused;
        private readonly FusedReduceWriter _reductions;
        private readonly bool _loadTime;

        public CallRenderer(ModelLayout m, IntLists ints, ExpressionStructs structs, FusedLoopWriter fused, FusedReduceWriter reductions, bool loadTime)
        {
            _m = m;
            _ints = ints;
            _structs = structs;
            _fused = fused;
            _reductions = reductions;
            _loadTime = loadTime;
        }

        /// <summary>The expression for a buffer operand; set by the emitter for the method being written.</summary>
        public Func<Value, string> ValueOf { get; set; } = v => v.Name;

        /// <summary>Most run-time dims one call sets (the size of the shared <c>_symbols</c> field).</summary>
        public int MaxSymbols { get; private set; }

        public void Render(KernelCall call, Node node, List<string> lines)
        {
            if (LowerContext.IsCopy(call.Kernel))
            {
                var from = call.Operand<BufferOperand>("source").Value;
                var to = call.Operand<BufferOperand>("destination").Value;
                if (_m.Plan.IsElidedCopy(from, to)) return;
                Reserve(to, lines, null);
                lines.Add("((global::System.ReadOnlySpan<" + ElementTypes.CSharpName(from.Type) + ">)" + ValueOf(from) + ").CopyTo(" + ValueOf(to) + ");");
                return;
            }
            if (call.Kernel == Ops.Fused.FusedElementwiseOp.Kernel)
            {
                // A generated loop of the model class (see FusedLoopWriter), not a runtime kernel.
                foreach (var b in call.Operands.OfType<BufferOperand>().Where(b => b.Role == BufferRole.Out)) Reserve(b.Value, lines, null);
                lines.Add(_fused.Render(call, node, ValueOf, _m.Symbols.Expression));
                return;
            }
            if (call.Kernel == Ops.Fused.FusedReduceOp.Kernel)
            {
                // A generated loop of the model class too (see FusedReduceWriter).
                foreach (var b in call.Operands.OfType<BufferOperand>().Where(b => b.Role == BufferRole.Out)) Reserve(b.Value, lines, null);
                lines.Add(_reductions.Render(call, node, ValueOf, _m.Symbols.Expression));
                return;
            }
            var before = new List<string>();
            var after = new List<string>();
            string method;
            IEnumerable<ElementType> typeArgs;
            var expr = call.Operands.OfType<ExprOperand>().FirstOrDefault();
            string epilogue = "";
            if (expr != null && expr.Name == EpilogueOperand)
            {
                // A product kernel's epilogue: the generated struct, wrapped for the kernel, is its last generic argument.
                bool residual = call.Operands.OfType<BufferOperand>().Any(b => b.Name == "residual");
                var (name, vector) = _structs.For(expr.Expr, residual ? 2 : 1, node.OpType);
                epilogue = "global::ModelGen.Runtime.Kernels.Epilogue" + (residual ? "2" : "1") + (vector ? "V" : "") + "<" + name + ", " + ElementTypes.CSharpName(expr.Expr.Type) + ">";
                expr = null;
            }
            if (expr != null)
            {
                int arity = call.Operands.OfType<BufferOperand>().Count(b => b.Role == BufferRole.In);
                var (name, vector) = _structs.For(expr.Expr, arity, node.OpType);
                method = "global::ModelGen.Runtime.Kernels.Elementwise.Map" + arity + (vector ? "V" : "") + "<" + name + ", " +
                         (vector ? ElementTypes.CSharpName(expr.Expr.Type) : string.Join(", ", call.TypeArgs.Select(t => ElementTypes.CSharpName(t)))) + ">";
                typeArgs = new ElementType[0];
            }
            else
            {
                if (!CpuKernels.TryGet(call.Kernel, out method, out int used)) throw new InvalidOperationException("The CPU backend has no kernel '" + call.Kernel + "'.");
                typeArgs = call.TypeArgs.Take(used);
            }
            var typeNames = typeArgs.Select(t => ElementTypes.CSharpName(t)).ToList();
            if (epilogue.Length > 0) typeNames.Add(epilogue);
            var setsDims = new HashSet<string>(call.Operands.OfType<SymbolsOperand>().SelectMany(s => s.Symbols), StringComparer.Ordinal);
            foreach (var b in call.Operands.OfType<BufferOperand>().Where(b => b.Role == BufferRole.Out))
                Reserve(b.Value, before, SetsOwnDims(b.Value, setsDims) ? Bound(b.Value) : null);
            var args = new List<string>();
            foreach (var o in call.Operands)
            {
                switch (o)
                {
                    case BufferOperand b:
                        args.Add(b.Role == BufferRole.Out && SetsOwnDims(b.Value, setsDims)
                            ? _m.Storage.Capacity(b.Value, Bound(b.Value))
                            : ValueOf(b.Value));
                        break;
                    case AbsentOperand _:
                        args.Add("default");
                        break;
                    case ThreadsOperand _:
                        // Load-time code runs once, before any instance has a budget: the calling thread.
                        args.Add(_loadTime ? "null" : ClassShellEmitter.ThreadsField);
                        break;
                    case ScratchOperand s:
                        args.Add(_loadTime ? "new " + ElementTypes.CSharpName(call.Scratch[s.Index].Type) + "[" + call.Scratch[s.Index].Elements + "]" : _m.Storage.Scratch(call, s.Index));
                        break;
                    case DimOperand d:
                        args.Add(_m.Symbols.Expression(d.Value));
                        break;
                    case DimsOperand l:
                        args.Add(l.Values.All(v => v.IsStatic) ? _ints.Static(l.Values.Select(v => v.Value)) : _ints.Instance(l.Values, _m.Symbols, before));
                        break;
                    case ScalarOperand s:
                        args.Add(s.Type == ElementType.Bool ? (s.Int != 0 ? "true" : "false") :
                                 ElementTypes.IsFloatingPoint(s.Type) ? Literals.Element(s.Type, s.Float, 0) : Literals.Element(s.Type, s.Int, s.Int));
                        break;
                    case SymbolsOperand sy:
                        MaxSymbols = Math.Max(MaxSymbols, sy.Symbols.Count);
                        args.Add("_symbols");
                        for (int i = 0; i < sy.Symbols.Count; i++) after.Add(_m.Symbols.Field[sy.Symbols[i]] + " = _symbols[" + i + "];");
                        break;
                    case TextOperand t:
                        args.Add(Literals.Text(t.Value));
                        break;
                    case TextsOperand t:
                        args.Add(TextList(t.Values));
                        break;
                    case ValuesOperand n:
                        {
                            string t = ElementTypes.CSharpName(n.Type)!;
                            var items = ElementTypes.IsFloatingPoint(n.Type) ? n.Floats.Select(f => Literals.Element(n.Type, f, 0)) : n.Ints.Select(i => Literals.Element(n.Type, i, i));
                            args.Add(ValueList("private static readonly " + t + "[] {0} = new " + t + "[] { " + string.Join(", ", items) + " };"));
                            break;
                        }
                    case ExprOperand _:
                        break; // carried by the struct type argument
                }
            }
            string generic = typeNames.Count > 0 ? "<" + string.Join(", ", typeNames) + ">" : "";
            lines.AddRange(before);
            lines.Add(method + generic + "(" + string.Join(", ", args) + ");");
            lines.AddRange(after);
        }

        /// <summary>The name of the expression operand that a product kernel (Conv, Gemm, MatMul) applies to its output blocks.</summary>
        public const string EpilogueOperand = "epilogue";

        /// <summary>String lists the calls pass, each a static field (shared by calls with the same list).</summary>
        public List<ValueList<string>> TextLists { get; } = new List<ValueList<string>>();

        public static string TextListField(int index) => "s_texts" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Number lists the calls pass: each a static field declaration with {0} for its name.</summary>
        public List<string> ValueLists { get; } = new List<string>();

        public static string ValueListField(int index) => "s_values" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

        private string ValueList(string declaration)
        {
            int i = ValueLists.IndexOf(declaration);
            if (i < 0) { ValueLists.Add(declaration); i = ValueLists.Count - 1; }
            return ValueListField(i);
        }

        private string TextList(ValueList<string> values)
        {
            int i = TextLists.IndexOf(values);
            if (i < 0) { TextLists.Add(values); i = TextLists.Count - 1; }
            return TextListField(i);
        }

        /// <summary>A growable buffer is sized just before the call that writes it, once the run-time dims of its size are set.</summary>
        /// <summary>
        /// Makes a growable buffer large enough before the call writes it: its element count, or, for an output whose
        /// dims the same call sets (<paramref name="bound"/>), its bound, which earlier run-time dims make concrete.
        /// </summary>
        private void Reserve(Value v, List<string> lines, Dim? bound)
        {
            var root = _m.Plan.Resolve(v);
            if (_m.Plan.StringOf.TryGetValue(root, out int str))
            {
                // Static sizes were allocated at construction; run-time ones grow here when they must.
                if (MemoryPlanner.HasRuntimeDims(root)) lines.Add(ValueStorage.StringField(str) + ".Reserve(" + _m.Symbols.Expression(bound ?? root.Shape!.ElementCount) + ");");
                return;
            }
            if (!_m.Plan.GrowableOf.TryGetValue(root, out int g)) return;
            lines.Add(ValueStorage.GrowableField(g) + ".Reserve<" + ElementTypes.CSharpName(root.Type) + ">(" + _m.Symbols.Expression(bound ?? root.Shape!.ElementCount) + ");");
        }

        private static bool SetsOwnDims(Value v, HashSet<string> setsDims) => v.Shape!.Dims.Any(d => d.Symbols.Any(setsDims.Contains));

        /// <summary>The element count a value's reserved region holds: its count with every run-time dim at its bound.</summary>
        private Dim Bound(Value v) =>
            v.Shape!.ElementCount.Bounded(s => Dim.IsRuntimeSymbol(s) ? _m.Graph.Symbols.Find(s)?.UpperBound : null)
            ?? throw new InvalidOperationException("'" + v.Name + "' has no bounded size.");
    }
}
