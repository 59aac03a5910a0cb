using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Planning;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// Maps each IR value to the C# expression that yields its span: a Run parameter (graph inputs and outputs), a
    /// zero-copy view of the embedded weights, a derived weight, a static array (small constants), an arena slot, or
    /// a growable buffer. Symbolic constants have no expression: the Run methods materialise them as locals.
    /// </summary>
    internal sealed class ValueStorage
    {
        private readonly ModelLayout _m;

        public ValueStorage(ModelLayout m) { _m = m; }

        private MemoryPlan Plan => _m.Plan;

        /// <summary>The span expression, or null for a symbolic constant. <paramref name="loadTime"/>: inside the derived-weights computation.</summary>
        public string? Of(Value value, bool loadTime = false)
        {
            var v = Plan.Resolve(value);
            if (_m.Parameters.TryGetValue(v, out var p)) return p;
            if (v.Data != null && v.Location == null) return _m.Constants.Field(v);
            if (v.Symbolic != null) return null;
            string t = ElementTypes.CSharpName(v.Type)!;
            string count = _m.Symbols.Expression(v.Shape!.ElementCount);
            if (v.Kind == ValueKind.Initializer && v.Location != null)
                return "_weights.Get<" + t + ">(" + Literals.Int(v.Location.ByteOffset) + ", " + count + ")";
            if (Plan.DerivedOffset.TryGetValue(v, out long derived))
                return (loadTime ? "derived" : "_derived") + ".Get<" + t + ">(" + Literals.Int(derived) + ", " + count + ")";
            if (Plan.SlotOf.TryGetValue(v, out int slot))
                return "_arena.Get<" + t + ">(" + _m.SlotOffsets[slot] + ", " + count + ")";
            if (Plan.GrowableOf.TryGetValue(v, out int g))
                return GrowableField(g) + ".Get<" + t + ">(" + count + ")";
            if (Plan.StringOf.TryGetValue(v, out int str))
                return StringField(str) + ".Get(" + count + ")";
            throw new System.InvalidOperationException("No storage was planned for '" + v.Name + "'.");
        }

        /// <summary>True when the span can be written (arena, growable, output parameters, derived buffers while they are computed).</summary>
        public bool IsWritable(Value value, bool loadTime = false)
        {
            var v = Plan.Resolve(value);
            if (_m.Parameters.TryGetValue(v, out _)) return !_m.Graph.Inputs.Contains(v);
            if (v.IsConstant || v.Kind == ValueKind.Initializer) return false;
            if (v.Kind == ValueKind.Derived) return loadTime;
            return true;
        }

        /// <summary>The whole reserved region of a value whose dims the same call sets (NonZero writes up to its bound).</summary>
        public string Capacity(Value value, Dim boundElements)
        {
            var v = Plan.Resolve(value);
            string t = ElementTypes.CSharpName(v.Type)!;
            if (Plan.SlotOf.TryGetValue(v, out int slot))
                return "_arena.Get<" + t + ">(" + _m.SlotOffsets[slot] + ", " + _m.Symbols.Expression(boundElements) + ")";
            // No build-time bound (its input's size is itself only known at run time): the growable buffer, reserved to the bound first.
            if (Plan.GrowableOf.TryGetValue(v, out int g))
                return GrowableField(g) + ".Get<" + t + ">(" + _m.Symbols.Expression(boundElements) + ")";
            if (Plan.StringOf.TryGetValue(v, out int str))
                return StringField(str) + ".Get(" + _m.Symbols.Expression(boundElements) + ")";
            throw new System.InvalidOperationException("'" + v.Name + "' sets its own dims but has neither a bounded slot nor a growable buffer.");
        }

        public string Scratch(KernelCall call, int index)
        {
            var need = call.Scratch[index];
            return "_arena.Get<" + ElementTypes.CSharpName(need.Type) + ">(" + _m.SlotOffsets[Plan.ScratchSlotsOf[call][index]] + ", " + _m.Symbols.Expression(need.Elements) + ")";
        }

        public static string StringField(int index) => "_str" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public static string GrowableField(int index) => "_grow" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
