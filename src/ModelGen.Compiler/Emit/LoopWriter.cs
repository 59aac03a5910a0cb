using System.Linq;
using ModelGen.Compiler.Emit.Cpu;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// Writes an ONNX Loop as a C# for loop: loop-carried values start as copies of the initial values and take the
    /// body's results after every iteration; each scan output appends the iteration's slice to a buffer that grows
    /// with its contents kept; the trip count becomes the run-time dim of the scan outputs.
    /// </summary>
    internal static class LoopWriter
    {
        public static void Write(CodeWriter w, LoopStep l, CallRenderer calls, Locals locals, ModelLayout m)
        {
            string id = m.NextId().ToString(System.Globalization.CultureInfo.InvariantCulture);
            string trip = "__trip" + id, go = "__go" + id, i = "__i" + id;
            w.Open();
            w.Line("long " + trip + " = " + (l.TripCount != null ? locals.Expression(l.TripCount) + "[0]" : "long.MaxValue") + ";");
            w.Line("bool " + go + " = " + (l.Condition != null ? locals.Expression(l.Condition) + "[0]" : "true") + ";");
            for (int k = 0; k < l.Carried.Count; k++) Copy(w, locals, l.CarriedInitial[k], l.Carried[k]);
            w.Line("long " + i + " = 0;");
            // A scan slice whose dims are set while the body runs must keep one size: the first iteration's.
            for (int k = 0; k < l.ScanResults.Count; k++) w.Line("int __slice" + id + "_" + k + " = -1;");
            w.Open("for (; " + i + " < " + trip + " && " + go + "; " + i + "++)");
            w.Line(locals.Expression(l.Iteration) + "[0] = " + i + ";");
            w.Line(locals.Expression(l.BodyCondition) + "[0] = " + go + ";");
            BlockWriter.Block(w, l.Body, calls, locals, m);
            w.Line(go + " = " + locals.Expression(l.BodyConditionResult) + "[0];");
            for (int k = 0; k < l.Carried.Count; k++)
            {
                if (!l.CarriedResults[k].Shape!.Equals(l.Carried[k].Shape))
                    w.Line("if (" + m.Symbols.Expression(l.CarriedResults[k].Shape!.ElementCount) + " != " + m.Symbols.Expression(l.Carried[k].Shape!.ElementCount) +
                           ") throw new global::System.InvalidOperationException(\"Loop-carried value '" + ClassShellEmitter.Escape(l.Carried[k].Name) + "' changed its size in iteration \" + " + i + " + \".\");");
                Copy(w, locals, l.CarriedResults[k], l.Carried[k]);
            }
            for (int k = 0; k < l.ScanResults.Count; k++)
            {
                string sliceCheck = "__slice" + id + "_" + k;
                string count = m.Symbols.Expression(l.ScanResults[k].Shape!.ElementCount);
                w.Line("if (" + sliceCheck + " < 0) " + sliceCheck + " = " + count + "; else if (" + sliceCheck + " != " + count +
                       ") throw new global::System.InvalidOperationException(\"Scan output " + k + " changed its size in iteration \" + " + i + " + \".\");");
                var output = l.ScanOutputs[k];
                if (output == null) continue;
                string field = ValueStorage.GrowableField(m.Plan.GrowableOf[m.Plan.Resolve(output)]);
                string t = ElementTypes.CSharpName(output.Type)!;
                string slice = m.Symbols.Expression(l.ScanResults[k].Shape!.ElementCount);
                string total = "checked((int)((" + i + " + 1) * " + slice + "))";
                w.Line(field + ".Grow<" + t + ">(" + total + ");");
                w.Line("((global::System.ReadOnlySpan<" + t + ">)" + locals.Expression(l.ScanResults[k]) + ").CopyTo(" + field + ".Get<" + t + ">(" + total + ").Slice(checked((int)(" + i + " * " + slice + "))));");
            }
            w.Close();
            w.Line(m.Symbols.Field[l.TripSymbol] + " = checked((int)" + i + ");");
            for (int k = 0; k < l.Carried.Count; k++)
                if (l.CarriedOutputs[k] != null) Copy(w, locals, l.Carried[k], l.CarriedOutputs[k]!);
            w.Close();
        }

        private static void Copy(CodeWriter w, Locals locals, Value from, Value to) =>
            w.Line("((global::System.ReadOnlySpan<" + ElementTypes.CSharpName(from.Type) + ">)" + locals.Expression(from) + ").CopyTo(" + locals.Expression(to) + ");");
    }
}
