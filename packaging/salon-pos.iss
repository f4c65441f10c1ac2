; Inno Setup 6 script: the Windows installer for the one-folder bundle in dist\salon-pos.
; Built by packaging\build-windows.ps1 (which passes /DAppVersion=...); see packaging\README.md.
; The salon's data (database, backups, photos) lives in %LOCALAPPDATA%\salon-pos, outside
; {app}: the uninstaller removes only what it installed, so the data folder is kept.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
; Never change AppId: upgrades and the uninstaller find the installed copy by it.
AppId={{6F1D6C2E-5B7A-4C1E-9E43-1A2B3C4D5E6F}
AppName=Salon POS
AppVersion={#AppVersion}
AppPublisher=Salon POS
DefaultDirName={autopf}\Salon POS
DefaultGroupName=Salon POS
DisableProgramGroupPage=yes
; Per-user install by default (no administrator needed on a counter PC); /ALLUSERS or the
; dialog installs for every account.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
; PyInstaller's bundle is 64-bit.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\resources\icons\salon-pos.ico
UninstallDisplayIcon={app}\salon-pos-gui.exe
UninstallDisplayName=Salon POS
OutputDir=..\dist
OutputBaseFilename=salon-pos-{#AppVersion}-windows-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Close a running Salon POS before replacing its files.
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\salon-pos\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Salon POS"; Filename: "{app}\salon-pos-gui.exe"
Name: "{autodesktop}\Salon POS"; Filename: "{app}\salon-pos-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\salon-pos-gui.exe"; Description: "{cm:LaunchProgram,Salon POS}"; Flags: nowait postinstall skipifsilent
