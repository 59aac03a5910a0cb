using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Planning;

namespace ModelGen.Compiler.Emit
{
    /// <summary>Emits {Class}.g.cs: the class declaration, weights and arena fields, constructors, factories and static metadata.</summary>
    internal static class ClassShellEmitter
    {
        public static string Emit(ModelLayout m)
        {
            var w = new CodeWriter();
            PartHeader.Open(w, m);
            ClassSummary(w, m);
            w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"ModelGen\", \"" + Versions.Compiler + "\")]");
            string modifiers = m.Options.ClassDeclaredByUser ? "" : m.Options.Accessibility + " sealed ";
            w.Open(modifiers + "partial class " + m.ClassName + " : global::ModelGen.Runtime.ICompiledModel, global::ModelGen.Runtime.IThreadedModel");

            w.Line("/// <summary>Manifest resource name of the embedded .onnx file.</summary>");
            w.Line("public const string ResourceName = \"" + Escape(m.Options.ResourceName) + "\";");
            w.Line("/// <summary>Length in bytes of the .onnx file this class was compiled from.</summary>");
            w.Line("public const long ModelFileLength = " + Literals.Int(m.File.Length) + "L;");
            w.Line("/// <summary>Content hash of that file; a file loaded at run time must match it.</summary>");
            w.Line("public const ulong ModelFileHash = 0x" + m.File.Hash.ToString("X16", System.Globalization.CultureInfo.InvariantCulture) + "UL;");
            if (m.IsStatic)
            {
                w.Line("/// <summary>Bytes of working memory each instance holds.</summary>");
                w.Line("public const int ArenaBytes = " + Literals.Int(m.Plan.ArenaBytes!.Value) + ";");
            }
            w.Line("/// <summary>Bytes of derived weights (computed once per process from the weights, shared by every instance).</summary>");
            w.Line("public const long DerivedWeightBytes = " + Literals.Int(m.Plan.DerivedBytes) + "L;");
            var io = m.Graph.Inputs.Concat(m.Graph.Outputs).ToList();
            var ioNames = m.InputNames.Concat(m.OutputNames).ToList();
            for (int i = 0; i < io.Count; i++)
            {
                var v = io[i];
                if (!v.Shape!.IsStatic) continue;
                w.Line("/// <summary>Element count of '" + Xml(v.Name) + "' " + v.Shape + ".</summary>");
                w.Line("public const int " + Identifiers.Pascal(ioNames[i]) + "Length = " + Literals.Int(v.Shape.ElementCount.Value) + ";");
            }
            w.Line();
            w.Line("/// <summary>Names, element types and shapes of the inputs and outputs, with symbolic dims by name.</summary>");
            w.Line("public static global::ModelGen.Runtime.ModelInfo Info { get; } = new global::ModelGen.Runtime.ModelInfo(");
            w.Line("    \"" + Escape(m.ClassName) + "\",");
            w.Line("    new global::ModelGen.Runtime.TensorInfo[] { " + string.Join(", ", m.Graph.Inputs.Select(TensorInfo)) + " },");
            w.Line("    new global::ModelGen.Runtime.TensorInfo[] { " + string.Join(", ", m.Graph.Outputs.Select(TensorInfo)) + " },");
            w.Line("    " + StringArray(m.Symbols.Symbols) + ");");
            w.Line();
            w.Line("global::ModelGen.Runtime.ModelInfo global::ModelGen.Runtime.ICompiledModel.Info => Info;");
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// Most threads one call may use: 1 runs every kernel on the calling thread; N lets the large matrix products and");
            w.Line("/// convolutions share their work with up to N - 1 ThreadPool threads; 0 is \"auto\" (the processor count, at most");
            w.Line("/// " + MaxAutoThreads + "). Never more than <see cref=\"global::System.Environment.ProcessorCount\"/>. Outputs are bit-identical for every");
            w.Line("/// value. The default, " + ThreadsLiteral(m) + ", is the build's Threads option (ModelGenThreads).");
            w.Line("/// </summary>");
            w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The value is negative.</exception>");
            w.Line("public int MaxThreads { get => " + ThreadsField + ".MaxThreads; set => " + ThreadsField + ".MaxThreads = value; }");
            w.Line();
            if (m.Options.Weights != CompileOptions.StreamWeights) w.Line("private static global::ModelGen.Runtime.ModelWeights? s_defaultWeights;");
            w.Line("private readonly global::ModelGen.Runtime.ModelWeights _weights;");
            w.Line("private readonly global::ModelGen.Runtime.Arena _arena;");
            w.Line("private readonly object _gate = new object();");
            w.Line("private readonly global::ModelGen.Runtime.Threading.ParallelRange " + ThreadsField + " = new global::ModelGen.Runtime.Threading.ParallelRange(" + ThreadsLiteral(m) + ");");
            if (m.HasDerived)
            {
                w.Line("private static global::ModelGen.Runtime.DerivedWeights? s_derived;");
                w.Line("private readonly global::ModelGen.Runtime.DerivedWeights _derived;");
            }
            foreach (var s in m.Symbols.Symbols) w.Line("private int " + m.Symbols.Field[s] + ";");
            foreach (var s in m.Symbols.Runtime) w.Line("private int " + m.Symbols.Field[s] + "; // run-time dim '" + s + "'");
            for (int g = 0; g < m.Plan.GrowableOf.Count; g++)
            {
                var v = m.Plan.GrowableOf.First(kv => kv.Value == g).Key;
                w.Line("private readonly global::ModelGen.Runtime.GrowableBuffer " + ValueStorage.GrowableField(g) + " = new global::ModelGen.Runtime.GrowableBuffer(); // '" + Xml(v.Name) + "' " + v.Shape);
            }
            for (int str = 0; str < m.Plan.StringOf.Count; str++)
            {
                var v = m.Plan.StringOf.First(kv => kv.Value == str).Key;
                // Static sizes are allocated here, once; run-time sizes start empty and grow before the call that writes them.
                string capacity = MemoryPlanner.HasRuntimeDims(v) || !v.Shape!.ElementCount.IsStatic ? "0" : Literals.Int(v.Shape.ElementCount.Value);
                w.Line("private readonly global::ModelGen.Runtime.StringBuffer " + ValueStorage.StringField(str) + " = new global::ModelGen.Runtime.StringBuffer(" + capacity + "); // '" + Xml(v.Name) + "' " + v.Shape);
            }
            w.Line();
            bool floor = m.Options.InstructionSet != CompileOptions.PortableCode;
            string floorException = "/// <exception cref=\"global::System.PlatformNotSupportedException\">This process cannot use every instruction set of the " +
                m.Options.InstructionSet + " floor the class was built for (InstructionSet).</exception>";
            // Weights="stream": the app provides the weights, so there is no constructor that would look for them.
            if (m.Options.Weights != CompileOptions.StreamWeights)
            {
                w.Line(m.Options.Weights == CompileOptions.FileWeights
                    ? "/// <summary>Creates an instance over '" + Xml(FileName(m)) + "' beside the app (the ModelGen build targets copy it there); every instance shares its weights.</summary>"
                    : "/// <summary>Creates an instance over the .onnx file embedded in this assembly by the ModelGen build targets.</summary>");
                if (floor) w.Line(floorException);
                w.Open("public " + m.ClassName + "() : this(DefaultWeights())");
                w.Close();
                w.Line();
            }
            w.Line("/// <summary>Creates an instance over weights loaded by the caller (they must come from the same .onnx file).</summary>");
            w.Line("/// <param name=\"weights\">The weights of '" + Xml(FileName(m)) + "', shared with any other instance over them.</param>");
            w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"weights\"/> is null.</exception>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">The weights come from a different file.</exception>");
            if (floor) w.Line(floorException);
            w.Open("public " + m.ClassName + "(global::ModelGen.Runtime.ModelWeights weights)");
            // Every constructor ends here, so one check covers them; it fails before any kernel could meet a missing instruction.
            if (floor) w.Line("global::ModelGen.Runtime.CpuFloor.Require(\"" + Escape(m.ClassName) + "\", \"" + Escape(m.Options.InstructionSet) + "\");");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(weights);");
            w.Line("weights.EnsureMatches(ModelFileLength, ModelFileHash, \"" + Escape(m.ClassName) + "\");");
            w.Line("_weights = weights;");
            w.Line("_arena = new global::ModelGen.Runtime.Arena(" + (m.IsStatic ? "ArenaBytes" : "0") + ");");
            if (m.HasDerived) w.Line("_derived = DerivedFor(weights);");
            w.Close();
            w.Line();
            w.Line("/// <summary>Loads the weights from an .onnx file at run time, for apps that ship weights separately.</summary>");
            w.Line("/// <param name=\"path\">Path of a copy of '" + Xml(FileName(m)) + "' (the same bytes: length and content hash are checked).</param>");
            w.Line("/// <returns>A new instance over those weights.</returns>");
            w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"path\"/> is null.</exception>");
            w.Line("/// <exception cref=\"global::System.IO.IOException\">The file cannot be read.</exception>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">The file is not the one this class was compiled from.</exception>");
            if (floor) w.Line(floorException);
            w.Line("public static " + m.ClassName + " FromFile(string path) => new " + m.ClassName + "(global::ModelGen.Runtime.ModelWeights.FromFile(path));");
            w.Line();
            w.Line("/// <summary>Loads the weights from a stream holding the .onnx file.</summary>");
            w.Line("/// <param name=\"stream\">A stream holding a copy of '" + Xml(FileName(m)) + "', read to its end (the caller keeps ownership).</param>");
            w.Line("/// <returns>A new instance over those weights.</returns>");
            w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"stream\"/> is null.</exception>");
            w.Line("/// <exception cref=\"global::System.IO.IOException\">The stream cannot be read.</exception>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">The bytes are not the file this class was compiled from.</exception>");
            if (floor) w.Line(floorException);
            w.Line("public static " + m.ClassName + " FromStream(global::System.IO.Stream stream) => new " + m.ClassName + "(global::ModelGen.Runtime.ModelWeights.FromStream(stream));");
            if (m.Options.Weights != CompileOptions.StreamWeights)
            {
                w.Line();
                w.Open("private static global::ModelGen.Runtime.ModelWeights DefaultWeights()");
                w.Line("var weights = global::System.Threading.Volatile.Read(ref s_defaultWeights);");
                w.Line("if (weights != null) return weights;");
                w.Line(m.Options.Weights == CompileOptions.FileWeights
                    ? "weights = global::ModelGen.Runtime.ModelWeights.FromFile(global::System.IO.Path.Combine(global::System.AppContext.BaseDirectory, \"" + Escape(FileName(m)) + "\"));"
                    : "weights = global::ModelGen.Runtime.ModelWeights.FromEmbeddedResource(typeof(" + m.ClassName + ").Assembly, ResourceName);");
                w.Line("return global::System.Threading.Interlocked.CompareExchange(ref s_defaultWeights, weights, null) ?? weights;");
                w.Close();
            }
            if (m.HasDerived)
            {
                w.Line();
                w.Line("/// <summary>The derived weights, computed by the first instance and shared after (every instance has weights of the same file).</summary>");
                w.Open("private static global::ModelGen.Runtime.DerivedWeights DerivedFor(global::ModelGen.Runtime.ModelWeights weights)");
                w.Line("var derived = global::System.Threading.Volatile.Read(ref s_derived);");
                w.Line("if (derived != null) return derived;");
                w.Line("derived = new global::ModelGen.Runtime.DerivedWeights(DerivedWeightBytes);");
                w.Line("ComputeDerived(weights, derived);");
                w.Line("return global::System.Threading.Interlocked.CompareExchange(ref s_derived, derived, null) ?? derived;");
                w.Close();
            }
            w.Close();
            PartHeader.Close(w, m);
            return w.ToString();
        }

        /// <summary>What a user hovering over the class needs: which model it is, what goes in and out, how to call it.</summary>
        private static void ClassSummary(CodeWriter w, ModelLayout m)
        {
            var g = m.Graph;
            var about = new System.Collections.Generic.List<string>();
            if (g.Name.Length > 0) about.Add("graph '" + Xml(g.Name) + "'");
            if (g.Producer.Length > 0) about.Add("written by " + Xml(g.Producer));
            about.Add(string.Join(", ", g.Opsets.OrderBy(o => o.Key, System.StringComparer.Ordinal)
                .Select(o => (o.Key.Length == 0 ? "opset " : Xml(o.Key) + " opset ") + o.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            w.Line("/// <summary>");
            w.Line("/// The ONNX model '" + Xml(m.File.DisplayPath) + "' (" + string.Join("; ", about) + ") compiled to C# by ModelGen at build time.");
            w.Line("/// Call <c>Predict</c> with one span per input and per output. " + WeightsText(m));
            w.Line("/// </summary>");
            w.Line("/// <remarks>");
            w.Line("/// <para>Inputs: " + Listed(g.Inputs.Select((v, i) => IoText(v, m.InputNames[i]))) + ".</para>");
            w.Line("/// <para>Outputs: " + Listed(g.Outputs.Select((v, i) => IoText(v, m.OutputNames[i]))) + ".</para>");
            if (m.Symbols.Symbols.Count > 0)
                w.Line("/// <para>Symbolic dims, passed to <c>Predict</c> as arguments: " + string.Join(", ", m.Symbols.Symbols.Select(s => "'" + Xml(s) + "' (<c>" + m.Symbols.Parameter[s] + "</c>)")) + ".</para>");
            if (m.Options.DimBindings.Count > 0)
                w.Line("/// <para>Dims pinned at build time (Dims metadata): " + string.Join(", ", m.Options.DimBindings.Select(d => Xml(d.Key) + "=" + d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ".</para>");
            if (m.Options.InstructionSet != CompileOptions.PortableCode)
                w.Line("/// <para>Built for the " + m.Options.InstructionSet + " instruction-set floor: creating an instance on a CPU below it throws <see cref=\"global::System.PlatformNotSupportedException\"/>.</para>");
            w.Line("/// <para>Thread safety: an instance owns one working buffer (its arena). <c>Predict</c> on one instance is safe from");
            w.Line("/// several threads: calls are serialised by a lock. For parallel throughput create one instance per thread;");
            w.Line("/// instances share the weights, so each costs only its arena (" + ArenaText(m) + ").</para>");
            w.Line("/// </remarks>");
        }

        private static string Listed(System.Collections.Generic.IEnumerable<string> items)
        {
            string text = string.Join("; ", items);
            return text.Length == 0 ? "none" : text;
        }

        private static string WeightsText(ModelLayout m) =>
            m.Options.Weights == CompileOptions.FileWeights ? "The parameterless constructor loads the weights once from '" + Xml(FileName(m)) + "' beside the app."
            : m.Options.Weights == CompileOptions.StreamWeights ? "The weights come from the app: <c>FromFile</c>, <c>FromStream</c> or a <c>ModelWeights</c>."
            : "Weights are read in place from the .onnx file embedded in the assembly.";

        /// <summary>"<c>pixels</c> ('pixels', float [1,1,16,16])": the parameter, the ONNX name, the element type and shape.</summary>
        private static string IoText(Value v, string parameter) =>
            "<c>" + parameter + "</c> ('" + Xml(v.Name) + "', " + ElementTypes.OnnxName(v.Type) + " " + Xml(v.Shape!.ToString()) + ")";
        /// <summary>The instance field holding the thread budget that the kernel calls pass (see <c>ThreadsOperand</c>).</summary>
        public const string ThreadsField = "_threads";

        // ParallelRange.AutoCap: the generator does not reference the runtime, so the figure is repeated for the doc comment.
        private const int MaxAutoThreads = 8;

        private static string ThreadsLiteral(ModelLayout m) => Literals.Int(m.Options.Threads);

        /// <summary>The .onnx file's name: what the build copies beside the app for Weights="file".</summary>
        private static string FileName(ModelLayout m) => System.IO.Path.GetFileName(m.Options.ModelPath ?? m.File.DisplayPath);

        private static string ArenaText(ModelLayout m) =>
            m.IsStatic ? Literals.Int(m.Plan.ArenaBytes!.Value) + " bytes" : "sized by the symbolic dims of the last call";

        private static string TensorInfo(Value v) =>
            "new global::ModelGen.Runtime.TensorInfo(\"" + Escape(v.Name) + "\", global::ModelGen.Runtime.TensorElementType." + v.Type +
            ", " + StringArray(v.Shape!.Dims.Select(d => d.ToString())) + ")";

        private static string StringArray(System.Collections.Generic.IEnumerable<string> items)
        {
            var list = items.Select(s => "\"" + Escape(s) + "\"").ToList();
            return list.Count == 0 ? "global::System.Array.Empty<string>()" : "new string[] { " + string.Join(", ", list) + " }";
        }

        public static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r");

        public static string Xml(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\n", " ").Replace("\r", " ");
    }

    /// <summary>The header and namespace every generated part shares.</summary>
    internal static class PartHeader
    {
        public static void Open(CodeWriter w, ModelLayout m)
        {
            w.Line("// <auto-generated/>");
            w.Line("// Generated by ModelGen " + Versions.Compiler + " from " + m.File.DisplayPath + ". Do not edit: changes are lost on the next build.");
            w.Line("#nullable enable");
            w.Line();
            if (m.Options.Namespace.Length > 0) w.Open("namespace " + m.Options.Namespace);
        }

        public static void Close(CodeWriter w, ModelLayout m)
        {
            if (m.Options.Namespace.Length > 0) w.Close();
        }
    }

    /// <summary>Version stamped into generated code.</summary>
    internal static class Versions
    {
        public const string Compiler = "0.1.0";
    }
}
