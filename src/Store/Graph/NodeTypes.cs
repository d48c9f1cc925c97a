namespace PerturbKG.Store.Graph;

/// <summary>The node labels every store uses, whatever the source graph called them.</summary>
public static class NodeTypes
{
    public const string Drug = "Drug";
    public const string Gene = "Gene";
    public const string Disease = "Disease";
    public const string Phenotype = "Phenotype";
    public const string Anatomy = "Anatomy";
    public const string BiologicalProcess = "BiologicalProcess";
    public const string MolecularFunction = "MolecularFunction";
    public const string CellularComponent = "CellularComponent";
    public const string Pathway = "Pathway";
    public const string Exposure = "Exposure";
    public const string CellLine = "CellLine";
}
