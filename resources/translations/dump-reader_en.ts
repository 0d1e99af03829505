<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- English plural forms of the messages that count something; every other English text is its own source. -->
<TS version="2.1" language="en">
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%Ln item(s)</source>
        <translation>
            <numerusform>%Ln item</numerusform>
            <numerusform>%Ln items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s) found</source>
        <translation>
            <numerusform>%Ln item found</numerusform>
            <numerusform>%Ln items found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln item(s)</source>
        <translation>
            <numerusform>%1 of %Ln item</numerusform>
            <numerusform>%1 of %Ln items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln item(s) found</source>
        <translation>
            <numerusform>%1 of %Ln item found</numerusform>
            <numerusform>%1 of %Ln items found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s) tagged “%1”.</source>
        <translation>
            <numerusform>%Ln item tagged “%1”.</numerusform>
            <numerusform>%Ln items tagged “%1”.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Tag “%1” taken off %Ln item(s).</source>
        <translation>
            <numerusform>Tag “%1” taken off %Ln item.</numerusform>
            <numerusform>Tag “%1” taken off %Ln items.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the source “%1” and its %Ln import(s)?</source>
        <translation>
            <numerusform>Delete the source “%1” and its %Ln import?</numerusform>
            <numerusform>Delete the source “%1” and its %Ln imports?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SourceTree</name>
    <message numerus="yes">
        <source>%1: %Ln item(s)</source>
        <translation>
            <numerusform>%1: %Ln item</numerusform>
            <numerusform>%1: %Ln items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message numerus="yes">
        <source>%1: %Ln item(s)</source>
        <translation>
            <numerusform>%1: %Ln item</numerusform>
            <numerusform>%1: %Ln items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ItemList</name>
    <message numerus="yes">
        <source>Seen %Ln time(s)</source>
        <translation>
            <numerusform>Seen %Ln time</numerusform>
            <numerusform>Seen %Ln times</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Import</name>
    <message numerus="yes">
        <source>Imported %1 of %Ln file(s): %2 new items.</source>
        <translation>
            <numerusform>Imported %1 of %Ln file: %2 new items.</numerusform>
            <numerusform>Imported %1 of %Ln files: %2 new items.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilesPage</name>
    <message numerus="yes">
        <source>%Ln file(s) to import</source>
        <translation>
            <numerusform>%Ln file to import</numerusform>
            <numerusform>%Ln files to import</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message numerus="yes">
        <source>%1 of %Ln file(s) read</source>
        <translation>
            <numerusform>%1 of %Ln file read</numerusform>
            <numerusform>%1 of %Ln files read</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message numerus="yes">
        <source>%Ln file(s) imported: %1 new items, %2 merged into stored ones, %3 already known.</source>
        <translation>
            <numerusform>%Ln file imported: %1 new items, %2 merged into stored ones, %3 already known.</numerusform>
            <numerusform>%Ln files imported: %1 new items, %2 merged into stored ones, %3 already known.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Exporting</name>
    <message numerus="yes">
        <source>%Ln marked item(s) exported to %1</source>
        <translation>
            <numerusform>%Ln marked item exported to %1</numerusform>
            <numerusform>%Ln marked items exported to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Render</name>
    <message numerus="yes">
        <source>%1 of %Ln character(s) shown.</source>
        <translation>
            <numerusform>%1 of %Ln character shown.</numerusform>
            <numerusform>%1 of %Ln characters shown.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show %Ln more</source>
        <translation>
            <numerusform>Show %Ln more</numerusform>
            <numerusform>Show %Ln more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Seen %Ln time(s).</source>
        <translation>
            <numerusform>Seen once.</numerusform>
            <numerusform>Seen %Ln times.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln word(s) added</source>
        <translation>
            <numerusform>%Ln word added</numerusform>
            <numerusform>%Ln words added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln removed</source>
        <translation>
            <numerusform>%Ln removed</numerusform>
            <numerusform>%Ln removed</numerusform>
        </translation>
    </message>
</context>
</TS>
