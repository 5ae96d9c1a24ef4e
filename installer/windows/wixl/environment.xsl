<?xml version="1.0" encoding="utf-8"?>
<!--
  The <Environment> elements of installer/windows/Package.wxs as the MSI's Environment table in
  msibuild's text form (IDT: tab-separated, column names, column types, table name and key), because
  wixl builds no Environment table. The Name column encodes WiX's attributes as Windows Installer
  defines them: "=" Action="set", "-" Permanent="no" (removed at uninstall), "*" System="yes";
  Part="last" appends to the existing value ("[~];value"), Part="first" prepends it.
    xsltproc installer/windows/wixl/environment.xsl installer/windows/Package.wxs > Environment.idt
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:w="http://wixtoolset.org/schemas/v4/wxs">
  <xsl:output method="text" encoding="utf-8"/>
  <xsl:template match="/">
    <xsl:text>Environment&#9;Name&#9;Value&#9;Component_&#10;s72&#9;l255&#9;L255&#9;s72&#10;Environment&#9;Environment&#10;</xsl:text>
    <xsl:for-each select="//w:Environment">
      <xsl:if test="not(@Action = 'set') or not(@Part = 'last' or @Part = 'first' or @Part = 'all')">
        <xsl:message terminate="yes">environment.xsl: only Action="set" with Part first/last/all is mapped (<xsl:value-of select="@Id"/>)</xsl:message>
      </xsl:if>
      <xsl:value-of select="@Id"/><xsl:text>&#9;=</xsl:text>
      <xsl:if test="@Permanent = 'no'">-</xsl:if>
      <xsl:if test="@System = 'yes'">*</xsl:if>
      <xsl:value-of select="@Name"/><xsl:text>&#9;</xsl:text>
      <xsl:if test="@Part = 'last'">[~];</xsl:if>
      <xsl:value-of select="@Value"/>
      <xsl:if test="@Part = 'first'">;[~]</xsl:if>
      <xsl:text>&#9;</xsl:text><xsl:value-of select="ancestor::w:Component/@Id"/><xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
