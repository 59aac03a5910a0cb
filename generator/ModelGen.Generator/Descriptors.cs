using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Compiler.Diagnostics;

namespace ModelGen.Generator
{
    /// <summary>Roslyn descriptors built from the compiler's one diagnostics table.</summary>
    internal static class Descriptors
    {
        private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = DiagnosticIds.All.ToDictionary(d => d.Id, Create);

        public static DiagnosticDescriptor Get(string id) => s_byId.TryGetValue(id, out var d) ? d : s_byId["MG0901"];

        private static DiagnosticDescriptor Create(DiagnosticDescriptorInfo info) => new DiagnosticDescriptor(
            info.Id, info.Title, "{0}", "ModelGen",
            info.Severity == ProblemSeverity.Error ? DiagnosticSeverity.Error : info.Severity == ProblemSeverity.Warning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info,
            isEnabledByDefault: true, description: info.Help,
            helpLinkUri: "https://github.com/modelgen/modelgen#" + info.Id.ToLowerInvariant());
    }

    /// <summary>Where a model's diagnostics point: the [OnnxModel] attribute when there is one, else the .onnx file.</summary>
    internal static class Locations
    {
        public static Location For(ModelRequest r)
        {
            if (r.AttributeSpot is SourceSpot s)
                return Location.Create(s.FilePath, new Microsoft.CodeAnalysis.Text.TextSpan(s.Start, s.Length),
                    new Microsoft.CodeAnalysis.Text.LinePositionSpan(new Microsoft.CodeAnalysis.Text.LinePosition(s.StartLine, s.StartColumn), new Microsoft.CodeAnalysis.Text.LinePosition(s.EndLine, s.EndColumn)));
            return Location.Create(r.Path, default, default);
        }

        /// <summary>Messages name the file, since a build log line may not show the location.</summary>
        public static string Prefix(ModelRequest r) => System.IO.Path.GetFileName(r.Path) + ": ";
    }
}
