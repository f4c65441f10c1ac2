; Inno Setup 6.3+ script: the Windows installer for the one-folder bundle in dist\salon-pos.
; Built by packaging\build-windows.ps1 (which passes /DAppVersion=... and
; /DAppNumericVersion=...); see packaging\README.md. Reviewed line by line against the Inno
; Setup help in packaging\windows-review.md.
; The salon's data (database, backups, photos, the PIN pepper) lives in the Windows user's
; %LOCALAPPDATA%\salon-pos (platformdirs' user_data_dir), never in {app}: the uninstaller
; removes only what it installed, and nothing below names that folder, so it is kept.

; ArchitecturesAllowed=x64compatible needs 6.3 (before it there was only "x64").
#if VER < EncodeVer(6,3,0)
  #error Inno Setup 6.3 or newer is needed to compile this script
#endif

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
; The setup program's own version resource takes numbers only (1.2.0rc1 -> 1.2.0).
#ifndef AppNumericVersion
  #define AppNumericVersion "0.0.0"
#endif

[Setup]
; Never change AppId: upgrades and the uninstaller find the installed copy by it ({{ is a
; literal brace). Made with uuid4 for this app alone.
AppId={{C6F0B9BD-16ED-4739-B38A-9C644E0A5A00}
AppName=Salon POS
AppVersion={#AppVersion}
AppPublisher=Salon POS
VersionInfoVersion={#AppNumericVersion}
; Per user: %LOCALAPPDATA%\Programs\Salon POS; for all users: Program Files\Salon POS.
DefaultDirName={autopf}\Salon POS
; One start-menu entry at the top level (see [Icons]), so no folder page.
DisableProgramGroupPage=yes
; Per-user install by default (no administrator needed on a counter PC); the dialog (or
; /ALLUSERS) installs for every account.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
; PyInstaller's bundle is 64-bit x64 (also runs emulated on Windows 11 Arm).
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 supports Windows 10 1809 (build 17763) and later.
MinVersion=10.0.17763
SetupIconFile=..\resources\icons\salon-pos.ico
UninstallDisplayIcon={app}\salon-pos-gui.exe
UninstallDisplayName=Salon POS
OutputDir=..\dist
OutputBaseFilename=salon-pos-{#AppVersion}-windows-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Offer to close a running Salon POS before its files are replaced (the default, said out
; loud).
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: files an older version had and this one has not
; (a Qt plugin, a DLL) must not linger where Python and Qt would still find them.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\salon-pos\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Salon POS"; Filename: "{app}\salon-pos-gui.exe"; Comment: "Point of sale for the salon"
Name: "{autodesktop}\Salon POS"; Filename: "{app}\salon-pos-gui.exe"; Comment: "Point of sale for the salon"; Tasks: desktopicon

[Run]
; postinstall entries run as the user who started Setup (runasoriginaluser is their
; default), so the app opens that user's salon even after an all-users install.
Filename: "{app}\salon-pos-gui.exe"; Description: "{cm:LaunchProgram,Salon POS}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] on purpose: %LOCALAPPDATA%\salon-pos (the salon's data) stays.
