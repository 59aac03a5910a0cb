using System.Collections.Generic;
using ModelGen.Compiler.Emit.Cpu;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// Writes an ONNX Scan as a C# for loop over the scan axis: each step copies its slice of every scan input into the
    /// body's input, runs the body, puts the body's scan results at their step of the scan outputs, then carries the
    /// state. Scan-8 wraps that in a loop over the batch entries, each on its own part of every tensor, with the
    /// entry's sequence length (when given) bounding the steps and zeros past it.
    /// </summary>
    internal static class ScanWriter
    {
        private const string Slices = "global::ModelGen.Runtime.Kernels.ScanSlices";

        public static void Write(CodeWriter w, ScanStep s, CallRenderer calls, Locals locals, ModelLayout m)
        {
            string id = m.NextId().ToString(System.Globalization.CultureInfo.InvariantCulture);
            string trips = "__trips" + id, steps = "__steps" + id, t = "__t" + id, b = "__b" + id;
            w.Open();
            foreach (var v in Written(s)) Reserve(w, m, v);
            w.Line("int " + trips + " = " + m.Symbols.Expression(s.Trips) + ";");
            if (s.Batch != null) w.Open("for (int " + b + " = 0; " + b + " < " + m.Symbols.Expression(s.Batch) + "; " + b + "++)");
            w.Line("int " + steps + " = " + trips + ";");
            if (s.SequenceLengths != null)
            {
                string length = "__length" + id;
                w.Line("long " + length + " = " + locals.Expression(s.SequenceLengths) + "[" + b + "];");
                w.Line("if (" + length + " < 0 || " + length + " > " + trips + ") throw new global::System.ArgumentException(\"Scan: sequence_lens[\" + " + b +
                       " + \"] = \" + " + length + " + \" is outside [0, \" + " + trips + " + \"].\");");
                w.Line(steps + " = (int)" + length + ";");
                // Positions past the sequence's end are not written by any step.
                foreach (var o in s.Outputs)
                    if (o.Outer != null) w.Line(Part(s, m, locals, o.Outer, o.Before * o.Steps * o.After, b, writable: true) + ".Clear();");
            }
            for (int k = 0; k < s.State.Count; k++)
                Copy(w, Part(s, m, locals, s.StateInitial[k], s.State[k].Shape!.ElementCount, b, writable: false), locals.Expression(s.State[k]));
            w.Open("for (int " + t + " = 0; " + t + " < " + steps + "; " + t + "++)");
            foreach (var x in s.Inputs)
                w.Line(Slices + ".Take<" + Type(x.Body) + ">(" + Part(s, m, locals, x.Outer!, x.Before * x.Steps * x.After, b, writable: false) + ", " +
                       locals.Expression(x.Body) + ", " + Dims(m, x) + ", " + Index(x, t, steps) + ");");
            BlockWriter.Block(w, s.Body, calls, locals, m);
            // Scan results first: one may be a state variable's body input, which the state update overwrites.
            foreach (var x in s.Outputs)
                if (x.Outer != null)
                    w.Line(Slices + ".Put<" + Type(x.Body) + ">(" + ReadOnly(x.Body, locals.Expression(x.Body)) + ", " +
                           Part(s, m, locals, x.Outer, x.Before * x.Steps * x.After, b, writable: true) + ", " + Dims(m, x) + ", " + Index(x, t, trips) + ");");
            for (int k = 0; k < s.State.Count; k++)
                if (s.StateResults[k] != s.State[k]) Copy(w, ReadOnly(s.StateResults[k], locals.Expression(s.StateResults[k])), locals.Expression(s.State[k]));
            w.Close();
            for (int k = 0; k < s.State.Count; k++)
                if (s.StateOutputs[k] != null)
                    Copy(w, ReadOnly(s.State[k], locals.Expression(s.State[k])), Part(s, m, locals, s.StateOutputs[k]!, s.State[k].Shape!.ElementCount, b, writable: true));
            if (s.Batch != null) w.Close();
            w.Close();
        }

        /// <summary>The values the loop writes outside the body's own calls.</summary>
        private static IEnumerable<Value> Written(ScanStep s)
        {
            foreach (var v in s.State) yield return v;
            foreach (var v in s.StateOutputs) if (v != null) yield return v;
            foreach (var x in s.Inputs) yield return x.Body;
            foreach (var x in s.Outputs) if (x.Outer != null) yield return x.Outer;
        }

        /// <summary>A growable buffer is sized before the loop writes it (its dims are known by then).</summary>
        private static void Reserve(CodeWriter w, ModelLayout m, Value v)
        {
            var root = m.Plan.Resolve(v);
            if (m.Plan.GrowableOf.TryGetValue(root, out int g))
                w.Line(ValueStorage.GrowableField(g) + ".Reserve<" + Type(root) + ">(" + m.Symbols.Expression(root.Shape!.ElementCount) + ");");
        }

        /// <summary>
        /// The batch entry's part of an outer tensor for Scan-8 (each entry holds <paramref name="perEntry"/> elements),
        /// else the whole tensor; read-only unless <paramref name="writable"/>.
        /// </summary>
        private static string Part(ScanStep s, ModelLayout m, Locals locals, Value v, Dim perEntry, string b, bool writable)
        {
            string whole = writable ? locals.Expression(v) : ReadOnly(v, locals.Expression(v));
            if (s.Batch == null) return whole;
            string size = m.Symbols.Expression(perEntry);
            return whole + ".Slice(" + b + " * " + size + ", " + size + ")";
        }

        private static string Dims(ModelLayout m, ScanSlice x) =>
            m.Symbols.Expression(x.Before) + ", " + m.Symbols.Expression(x.Steps) + ", " + m.Symbols.Expression(x.After);

        /// <summary>The step a slice belongs to: t, or counted from the end of the <paramref name="length"/> steps when reversed.</summary>
        private static string Index(ScanSlice x, string t, string length) => x.Reverse ? length + " - 1 - " + t : t;

        private static string ReadOnly(Value v, string span) => "((global::System.ReadOnlySpan<" + Type(v) + ">)" + span + ")";

        private static string Type(Value v) => ElementTypes.CSharpName(v.Type)!;

        private static void Copy(CodeWriter w, string from, string to) => w.Line(from + ".CopyTo(" + to + ");");
    }
}
