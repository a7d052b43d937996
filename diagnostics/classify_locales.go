package diagnostics

import "passwordless/problems"

// KeePassXC-Browser shows its passkey errors in the browser's language, and
// pages report what it shows: the same error must get the same answer in
// every locale. These are its _locales/*/messages.json strings (keepassxc-browser
// commit bfbb317), lowercased, without the "Error:" line and final stop: the
// excluded credential, no passkey in the database, and its own refusals
// (RP ID mismatch, algorithms, attestation, unknown error), which mark the
// extension. English strings already in knownTexts or providerTexts repeat
// harmlessly.
var keepassxcKnownTexts = []struct {
	text string
	code problems.Code
}{
	{"данните за удостоверяване са изключени", problems.PasskeyAlreadyRegistered},   // bg
	{"не са намерени данни за вход", problems.PasskeyNoCredentials},                 // bg
	{"credential is excluded", problems.PasskeyAlreadyRegistered},                   // cs
	{"nenalezena žádná uživatelská jména", problems.PasskeyNoCredentials},           // cs
	{"loginoplysning er udelukket", problems.PasskeyAlreadyRegistered},              // da
	{"fandt ingen logins", problems.PasskeyNoCredentials},                           // da
	{"anmeldeinformationen sind ausgeschlossen", problems.PasskeyAlreadyRegistered}, // de
	{"keine anmeldungen gefunden", problems.PasskeyNoCredentials},                   // de
	{"τα διαπιστευτήρια εξαιρούνται", problems.PasskeyAlreadyRegistered},            // el
	{"δεν βρέθηκαν συνδέσεις", problems.PasskeyNoCredentials},                       // el
	{"no logins found", problems.PasskeyNoCredentials},                              // en
	{"se excluye la credencial", problems.PasskeyAlreadyRegistered},                 // es
	{"no se encontraron inicios de sesión", problems.PasskeyNoCredentials},          // es
	{"tietue on lisätty poikkeuksiin", problems.PasskeyAlreadyRegistered},           // fi
	{"tunnuksia ei löydy", problems.PasskeyNoCredentials},                           // fi
	{"l'identifiant a été exclus", problems.PasskeyAlreadyRegistered},               // fr
	{"aucun identifiant trouvé", problems.PasskeyNoCredentials},                     // fr
	{"נתוני אמנה הוחרגו", problems.PasskeyAlreadyRegistered},                        // he
	{"לא נמצאו התחברויות", problems.PasskeyNoCredentials},                           // he
	{"hitelesítési adat kizárva", problems.PasskeyAlreadyRegistered},                // hu
	{"nem találhatók bejelentkezések", problems.PasskeyNoCredentials},               // hu
	{"kredensial dikecualikan", problems.PasskeyAlreadyRegistered},                  // id
	{"login tidak ditemukan", problems.PasskeyNoCredentials},                        // id
	{"credenziale esclusa", problems.PasskeyAlreadyRegistered},                      // it
	{"nessun login trovato", problems.PasskeyNoCredentials},                         // it
	{"nessun accesso trovato", problems.PasskeyNoCredentials},                       // it
	{"認証情報が除外されています", problems.PasskeyAlreadyRegistered},                            // ja
	{"ログイン情報が見つかりません", problems.PasskeyNoCredentials},                               // ja
	{"자격 증명이 제외되었습니다", problems.PasskeyAlreadyRegistered},                           // ko
	{"로그인을 찾을 수 없습니다", problems.PasskeyNoCredentials},                               // ko
	{"nulla credentialia sunt inventa", problems.PasskeyNoCredentials},              // la
	{"nulla credentialia inventa sunt", problems.PasskeyNoCredentials},              // la
	{"nerasta jokių prisijungimų", problems.PasskeyNoCredentials},                   // lt
	{"လော့ဂ်အင်ဝင်ရောက်မှုများ မတွေ့ပါ။", problems.PasskeyNoCredentials},            // my
	{"identifikasjon er ekskludert", problems.PasskeyAlreadyRegistered},             // nb
	{"ingen pålogginger funnet", problems.PasskeyNoCredentials},                     // nb
	{"fant ingen pålogginger", problems.PasskeyNoCredentials},                       // nb
	{"referentie is uitgesloten", problems.PasskeyAlreadyRegistered},                // nl
	{"geen inloggegevens aangetroffen", problems.PasskeyNoCredentials},              // nl
	{"dane uwierzytelniające są wyłączone", problems.PasskeyAlreadyRegistered},      // pl
	{"nie znaleziono danych logowania", problems.PasskeyNoCredentials},              // pl
	{"credenciais não encontradas", problems.PasskeyNoCredentials},                  // pt
	{"a credencial está excluída", problems.PasskeyAlreadyRegistered},               // pt_BR
	{"nenhum login foi encontrado", problems.PasskeyNoCredentials},                  // pt_BR
	{"credencial eliminada", problems.PasskeyAlreadyRegistered},                     // pt_PT
	{"não foram encontradas credenciais", problems.PasskeyNoCredentials},            // pt_PT
	{"credențialul este exclus", problems.PasskeyAlreadyRegistered},                 // ro
	{"nu s-au găsit nume de utilizator", problems.PasskeyNoCredentials},             // ro
	{"nu s-au găsit autentificări", problems.PasskeyNoCredentials},                  // ro
	{"учетные данные исключены", problems.PasskeyAlreadyRegistered},                 // ru
	{"нет логинов", problems.PasskeyNoCredentials},                                  // ru
	{"не найдены логины", problems.PasskeyNoCredentials},                            // ru
	{"ni prijavnih podatkov", problems.PasskeyNoCredentials},                        // sl
	{"ni prijavnih informacij", problems.PasskeyNoCredentials},                      // sl
	{"referensuppgift är undantagen", problems.PasskeyAlreadyRegistered},            // sv
	{"inga inloggningar hittade", problems.PasskeyNoCredentials},                    // sv
	{"inga inloggningar hittades", problems.PasskeyNoCredentials},                   // sv
	{"kimlik doğrulama bilgisi katılmayacak", problems.PasskeyAlreadyRegistered},    // tr
	{"herhangi bir oturum açma bulunamadı", problems.PasskeyNoCredentials},          // tr
	{"авторизаційні дані виключено", problems.PasskeyAlreadyRegistered},             // uk
	{"не знайдено записів", problems.PasskeyNoCredentials},                          // uk
	{"не знайдено облікових даних", problems.PasskeyNoCredentials},                  // uk
	{"凭据已被排除", problems.PasskeyAlreadyRegistered},                                   // zh_CN
	{"未找到登录信息", problems.PasskeyNoCredentials},                                      // zh_CN
	{"找不到登錄資訊", problems.PasskeyNoCredentials},                                      // zh_TW
}

var keepassxcProviderTexts = []string{
	"източникът и rp id не съвпадат",                           // bg
	"не са предоставени поддържани алгоритми",                  // bg
	"не се поддържа атестация",                                 // bg
	"неочаквана грешка на passkeys",                            // bg
	"origin and rp id do not match",                            // cs
	"no supported algorithms were provided",                    // cs
	"attestation not supported",                                // cs
	"unknown passkeys error",                                   // cs
	"oprindelse og rp-id stemmer ikke overens",                 // da
	"der blev ikke angivet nogen understøttede algoritmer",     // da
	"attestation understøttes ikke",                            // da
	"ukendt fejl med adgangsnøgler",                            // da
	"ursprung und rp-id stimmen nicht überein",                 // de
	"es wurden keine unterstützten algorithmen bereitgestellt", // de
	"beglaubigung wird nicht unterstützt",                      // de
	"unbekannter passkey-fehler",                               // de
	"η προέλευση και το rp id δεν ταιριάζουν",                  // el
	"δεν παρέχονται υποστηριζόμενοι αλγόριθμοι",                // el
	"η βεβαίωση δεν υποστηρίζεται",                             // el
	"el origen y rp id no coinciden",                           // es
	"no se han proporcionado algoritmos soportados",            // es
	"atestación no admitida",                                   // es
	"error clave desconocido",                                  // es
	"alkuperä tai rp id eivät ole samat",                       // fi
	"tuettuja algoritmeja ei annettu",                          // fi
	"attestation ei ole tuettu",                                // fi
	"tuntematon pääsyavainvirhe",                               // fi
	"l’origine et rp id ne correspondent pas",                  // fr
	"des algorithmes non supportés ont été ajoutés",            // fr
	"certificat non prise en charge",                           // fr
	"erreur inconnue de passkeys",                              // fr
	"מזהים של מקור ו־rp אינם תואמים",                           // he
	"לא סופקו אלגוריתמים נתמכים",                               // he
	"אימות לא נתמך",                                            // he
	"שגיאת passkeys לא ידועה",                                  // he
	"az eredet és az rp azonosító nem egyezik",                 // hu
	"nem lett megadva támogatott algoritmus",                   // hu
	"a tanúsítás nem támogatott",                               // hu
	"ismeretlen jelkulcshiba",                                  // hu
	"tidak ada algoritma yang didukung yang disediakan",        // id
	"atestasi tidak didukung",                                  // id
	"kesalahan passkeys tidak dikenal",                         // id
	"l'origine e l'id rp non corrispondono",                    // it
	"non sono stati forniti algoritmi supportati",              // it
	"attestazione non supportata",                              // it
	"errore di passkeys sconosciuto",                           // it
	"オリジンと rp id が一致しません",                                      // ja
	"対応していない認証です",                                              // ja
	"不明なパスキーのエラーです",                                            // ja
	"증명이 지원되지 않습니다",                                            // ko
	"attestasjon støttes ikke",                                 // nb
	"oorsprong en rp id komen niet overeen",                    // nl
	"er zijn geen ondersteunde algoritmes verstrekt",           // nl
	"getuigschrift niet ondersteund",                           // nl
	"onbekende passkeys-fout",                                  // nl
	"źródło i identyfikator rp nie są zgodne",                  // pl
	"nie zapewniono obsługiwanych algorytmów",                  // pl
	"zaświadczenie nie jest obsługiwane",                       // pl
	"nieznany błąd kluczy dostępu",                             // pl
	"a origem e o id de rp não coincidem",                      // pt_BR
	"nenhum algoritmo suportado foi fornecido",                 // pt_BR
	"atestado não compatível",                                  // pt_BR
	"erro desconhecido da chave de acesso",                     // pt_BR
	"não foi fornecido nenhum algoritmo suportado",             // pt_PT
	"prova não suportada",                                      // pt_PT
	"erro desconhecido de chave-mestra",                        // pt_PT
	"источник и rp id не совпадают",                            // ru
	"не было предоставлено никаких поддерживаемых алгоритмов", // ru
	"аттестация не поддерживается",                            // ru
	"неизвестная ошибка ключей доступа",                       // ru
	"ursprung och rp-id matchar inte",                         // sv
	"inga algoritmer som stöds tillhandahölls",                // sv
	"attestering stöds inte",                                  // sv
	"okänt passnyckelfel",                                     // sv
	"kaynak ve rp kimliği aynı değil",                         // tr
	"desteklenen bir algoritma belirtilmemiş",                 // tr
	"onay desteklenmiyor",                                     // tr
	"bilinmeyen geçiş anahtarı sorunu",                        // tr
	"походження та rp id не збігаються",                       // uk
	"не було надано підтримуваних алгоритмів",                 // uk
	"атестація не підтримується",                              // uk
	"невідома помилка паролів",                                // uk
	"origin 与 rp id 不匹配",                                      // zh_CN
	"未提供受支持的算法",                                               // zh_CN
	"未支持密钥认证",                                                 // zh_CN
	"未知通行密钥错误",                                                // zh_CN
	"origin 與 rp id 不匹配",                                      // zh_TW
	"未提供受支持的演算法",                                              // zh_TW
	"證明不受支援",                                                  // zh_TW
	"未知的通行密鑰錯誤",                                               // zh_TW
}

func init() {
	for _, t := range keepassxcKnownTexts {
		knownTexts = append(knownTexts, knownTextRow{text: t.text, code: t.code})
	}
	providerTexts = append(providerTexts, keepassxcProviderTexts...)
}
