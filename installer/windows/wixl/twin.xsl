<?xml version="1.0" encoding="utf-8"?>
<!--
  installer/windows/Package.wxs (WiX v4, built on Windows by WixToolset.Sdk) rewritten in the WiX v3
  dialect that msitools' wixl builds on Linux, for the MSI proof under Wine (tests/Wine/msi.sh):
    xsltproc installer/windows/wixl/twin.xsl installer/windows/Package.wxs > twin.wxs
  Every element of Package.wxs has a template here; any other element stops the transform, and
  tests/GitEntraHelper.Tests/Deployment/WixlTwinTests.cs keeps the two in step.
  Where the dialects differ:
  - Package becomes Product + Package; StandardDirectory becomes TARGETDIR's child; MediaTemplate a Media.
  - A ComponentGroup with Directory= becomes a Fragment with a DirectoryRef of its components plus a ComponentGroup
    of references; <Files Include=...> (WiX v4 only) becomes a ComponentGroupRef to "PublishedFiles",
    which tests/Wine/msi.sh generates with wixl-heat from the publish folder.
  - A Component with Directory= goes into a DirectoryRef of that directory instead of the group's.
  - wixl has no Environment element: environment.xsl writes the same entries as rows of the MSI's
    Environment table, which tests/Wine/msi.sh adds with msibuild. wixl also knows no Secure=.
  - wixl 0.101 takes no condition on a component (it stops at <Condition> inside <Component>):
    conditions.xsl writes Package.wxs' Component Condition= as SQL that tests/Wine/msi.sh applies to
    the Component table's Condition column with msibuild.
  - RegistrySearch Bitness="always64" is WiX v3's Win64="yes" (RegLocator type + 16).
  - SetDirectory (WiX schedules it after CostInitialize) becomes the type-51 custom action WiX makes of
    it, "Set" + the directory's Id, at CostInitialize + 1 on the same condition; the twin sequences it
    in InstallExecuteSequence only, which is all msiexec /qn runs.
  - WixQuietExec (WiX's util extension, which wixl lacks) with its SetProperty command line becomes
    a deferred custom action that runs the installed file the command names (FileKey, type 18) with
    the same arguments.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:w="http://wixtoolset.org/schemas/v4/wxs"
                xmlns="http://schemas.microsoft.com/wix/2006/wi"
                exclude-result-prefixes="w">
  <xsl:output method="xml" indent="yes" encoding="utf-8"/>
  <xsl:strip-space elements="*"/>

  <xsl:template match="/w:Wix">
    <Wix>
      <xsl:apply-templates select="w:Package"/>
      <xsl:apply-templates select="w:Package/w:ComponentGroup" mode="fragment"/>
    </Wix>
  </xsl:template>

  <xsl:template match="w:Package">
    <Product Id="*" Name="{@Name}" Manufacturer="{@Manufacturer}" Version="{@Version}"
             UpgradeCode="{@UpgradeCode}" Language="1033">
      <Package InstallerVersion="{@InstallerVersion}" Compressed="{@Compressed}"
               InstallScope="perMachine" Description="{w:SummaryInformation/@Description}"/>
      <xsl:apply-templates select="*"/>
    </Product>
  </xsl:template>

  <xsl:template match="w:SummaryInformation"/>

  <xsl:template match="w:MajorUpgrade">
    <MajorUpgrade DowngradeErrorMessage="{@DowngradeErrorMessage}"/>
  </xsl:template>

  <xsl:template match="w:MediaTemplate">
    <Media Id="1" Cabinet="payload.cab" EmbedCab="{@EmbedCab}"/>
  </xsl:template>

  <xsl:template match="w:Property">
    <Property>
      <xsl:copy-of select="@*[local-name() != 'Secure']"/>
      <xsl:apply-templates select="*"/>
    </Property>
  </xsl:template>

  <xsl:template match="w:RegistrySearch">
    <RegistrySearch Id="{@Id}" Root="{@Root}" Key="{@Key}" Name="{@Name}" Type="{@Type}">
      <xsl:if test="@Bitness = 'always64'">
        <xsl:attribute name="Win64">yes</xsl:attribute>
      </xsl:if>
    </RegistrySearch>
  </xsl:template>

  <xsl:template match="w:SetDirectory">
    <CustomAction Id="Set{@Id}" Property="{@Id}" Value="{@Value}" Execute="immediate"/>
  </xsl:template>

  <xsl:template match="w:StandardDirectory">
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="{@Id}">
        <xsl:apply-templates select="w:Directory"/>
      </Directory>
    </Directory>
  </xsl:template>

  <xsl:template match="w:Directory">
    <Directory Id="{@Id}" Name="{@Name}">
      <xsl:apply-templates select="w:Directory"/>
    </Directory>
  </xsl:template>

  <!-- wixl takes component groups only in a Fragment beside the Product. -->
  <xsl:template match="w:ComponentGroup"/>

  <xsl:template match="w:ComponentGroup" mode="fragment">
    <Fragment>
      <xsl:for-each select="w:Component">
        <xsl:variable name="directory">
          <xsl:choose>
            <xsl:when test="@Directory"><xsl:value-of select="@Directory"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="../@Directory"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <DirectoryRef Id="{$directory}">
          <xsl:apply-templates select="."/>
        </DirectoryRef>
      </xsl:for-each>
      <ComponentGroup Id="{@Id}">
        <xsl:for-each select="w:Component">
          <ComponentRef Id="{@Id}"/>
        </xsl:for-each>
        <xsl:apply-templates select="w:Files"/>
      </ComponentGroup>
    </Fragment>
  </xsl:template>

  <xsl:template match="w:Files">
    <ComponentGroupRef Id="PublishedFiles"/>
  </xsl:template>

  <!-- Its Condition= is in conditions.xsl. -->
  <xsl:template match="w:Component">
    <Component Id="{@Id}" Guid="{@Guid}">
      <xsl:apply-templates select="*"/>
    </Component>
  </xsl:template>

  <!-- In the Environment table instead (environment.xsl). -->
  <xsl:template match="w:Environment"/>

  <xsl:template match="w:File">
    <xsl:element name="{local-name()}">
      <xsl:copy-of select="@*"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="w:Feature">
    <Feature Id="{@Id}" Title="{@Title}" Level="{@Level}">
      <xsl:apply-templates select="*"/>
    </Feature>
  </xsl:template>

  <xsl:template match="w:ComponentGroupRef">
    <ComponentGroupRef Id="{@Id}"/>
  </xsl:template>

  <!-- The command line of a WixQuietExec action is the SetProperty of the same Id. -->
  <xsl:template match="w:SetProperty"/>

  <xsl:template match="w:CustomAction[@DllEntry = 'WixQuietExec']">
    <xsl:variable name="id" select="@Id"/>
    <xsl:variable name="command" select="../w:SetProperty[@Id = $id]/@Value"/>
    <!-- "[INSTALLFOLDER]NAME.exe" ARGS: run the installed file NAME.exe (its File Id) with ARGS. -->
    <xsl:variable name="exe" select="substring-before(substring-after($command, ']'), '&quot;')"/>
    <xsl:variable name="file" select="//w:File[substring(@Source, string-length(@Source) - string-length($exe) + 1) = $exe]/@Id"/>
    <xsl:if test="not(starts-with($command, '&quot;[INSTALLFOLDER]')) or not($file)">
      <xsl:message terminate="yes">twin.xsl: <xsl:value-of select="$id"/>'s command must be "[INSTALLFOLDER]FILE" ARGS with FILE one of the package's files</xsl:message>
    </xsl:if>
    <CustomAction Id="{@Id}" FileKey="{$file}" ExeCommand="{substring-after($command, concat($exe, '&quot; '))}"
                  Execute="{@Execute}" Impersonate="{@Impersonate}" Return="{@Return}"/>
  </xsl:template>

  <!-- wixl misplaces After= (past InstallFinalize), so Before/After a standard action become that
       action's number in Windows Installer's documented InstallExecuteSequence, minus or plus one. -->
  <xsl:template match="w:InstallExecuteSequence">
    <InstallExecuteSequence>
      <xsl:for-each select="../w:SetDirectory">
        <Custom Action="Set{@Id}" Sequence="801">
          <xsl:value-of select="@Condition"/>
        </Custom>
      </xsl:for-each>
      <xsl:for-each select="w:Custom">
        <xsl:variable name="anchor" select="concat(@Before, @After)"/>
        <xsl:variable name="number">
          <xsl:choose>
            <xsl:when test="$anchor = 'RemoveFiles'">3500</xsl:when>
            <xsl:when test="$anchor = 'InstallFiles'">4000</xsl:when>
            <xsl:otherwise>
              <xsl:message terminate="yes">twin.xsl: no sequence number known for <xsl:value-of select="$anchor"/></xsl:message>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <Custom Action="{@Action}" Sequence="{$number + (number(boolean(@After)) * 2 - 1)}">
          <xsl:value-of select="@Condition"/>
        </Custom>
      </xsl:for-each>
    </InstallExecuteSequence>
  </xsl:template>

  <xsl:template match="*">
    <xsl:message terminate="yes">twin.xsl: no WiX v3 form for &lt;<xsl:value-of select="local-name()"/>&gt; in Package.wxs: add a template (and a check in WixlTwinTests).</xsl:message>
  </xsl:template>
</xsl:stylesheet>
